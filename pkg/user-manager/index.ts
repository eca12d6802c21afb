export * from './user-store';
export * from './in-memory-user-store';
export * from './postgres-user-store';
export * from './user-service';
export * from './session-token';
export * from './migrations';
