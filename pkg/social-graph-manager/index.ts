export * from './social-graph-store';
export * from './in-memory-social-graph-store';
export * from './postgres-social-graph-store';
export * from './social-graph-service';
export * from './migrations';
