export * from './address-policy';
export * from './check-link';
export * from './link-checker';
export * from './per-host-spacing';
export * from './verdict-metrics';
