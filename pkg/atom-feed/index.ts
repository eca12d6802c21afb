export * from './atom';
