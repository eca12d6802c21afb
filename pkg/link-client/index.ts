export * from './link-manager-client';
