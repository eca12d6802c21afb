export * from './errors';
export * from './link';
export * from './user';
export * from './social-graph';
export * from './news';
export * from './events';
export * from './validation';
export * from './link-recheck';
