export * from './news-manager-client';
export * from './wire';
