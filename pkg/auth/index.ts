export * from './caller-tokens';
export * from './require-caller';
