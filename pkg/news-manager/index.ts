export * from './feed-store';
export * from './feed-position';
export * from './in-memory-feed-store';
export * from './redis-feed-store';
export * from './page-token';
export * from './news-service';
