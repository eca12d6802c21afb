export * from './news-manager-client';
