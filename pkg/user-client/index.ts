export * from './user-manager-client';
