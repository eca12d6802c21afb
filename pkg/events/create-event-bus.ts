import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { EventBus } from './event-bus';
import { InMemoryEventBus } from './in-memory-event-bus';
import { JetStreamEventBus } from './jetstream-event-bus';

/** JetStream when a NATS url is configured, else the in-process bus. */
export function createEventBus(options: {
  natsUrl?: string;
  namespace?: string;
  /** Copies of each JetStream stream (a NATS cluster's size). */
  replicas?: number;
  logger: Logger;
  /** Where a JetStream bus registers its consumer lag gauge. */
  registry?: Registry;
}): EventBus {
  if (!options.natsUrl) return new InMemoryEventBus(options.logger);
  return new JetStreamEventBus({
    servers: options.natsUrl,
    namespace: options.namespace,
    replicas: options.replicas,
    logger: options.logger,
    registry: options.registry,
  });
}

/** The NATS settings every service that uses the bus reads (NATS_URL, NATS_NAMESPACE, NATS_STREAM_REPLICAS). */
export interface NatsSettings {
  NATS_URL?: string;
  NATS_NAMESPACE?: string;
  NATS_STREAM_REPLICAS: number;
}

/** createEventBus's options from a service's NATS settings. */
export function natsOptionsOf(config: NatsSettings): {
  natsUrl?: string;
  namespace?: string;
  replicas: number;
} {
  return {
    natsUrl: config.NATS_URL,
    namespace: config.NATS_NAMESPACE,
    replicas: config.NATS_STREAM_REPLICAS,
  };
}
