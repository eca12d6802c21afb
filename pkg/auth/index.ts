export * from './caller-tokens';
export * from './require-caller';
export * from './user-proof';
export * from './user-proof-context';
export * from './call-access';
export * from './guard-operations';
export * from './caller-auth-settings';
