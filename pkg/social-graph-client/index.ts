export * from './social-graph-manager-client';
