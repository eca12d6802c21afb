export * from './link-store';
export * from './in-memory-link-store';
export * from './postgres-link-store';
export * from './link-service';
export * from './link-input';
export * from './migrations';
export * from './outbox-relay';
export * from './link-maintenance';
