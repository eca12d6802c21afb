export * from './db';
export * from './pg-db';
export * from './pglite-db';
export * from './migrate';
export * from './open-database';
export * from './shared-pglite';
export * from './database-settings';
export * from './query-error';
