export * from './event-bus';
export * from './in-memory-event-bus';
export * from './jetstream-event-bus';
export * from './create-event-bus';
export * from './subject-match';
export * from './trace-headers';
export * from './nats-settings';
