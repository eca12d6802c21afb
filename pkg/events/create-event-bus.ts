import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Closers } from '../kit/closers';
import type { EventBus } from './event-bus';
import { InMemoryEventBus } from './in-memory-event-bus';
import { JetStreamEventBus, type StreamSpec } from './jetstream-event-bus';
import type { NatsSettings } from './nats-settings';

/** JetStream when a NATS url is configured, else the in-process bus. */
export function createEventBus(options: {
  natsUrl?: string;
  namespace?: string;
  /** The streams a JetStream bus declares (the domain's, e.g. the link events stream). */
  streams: StreamSpec[];
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
    streams: options.streams,
    replicas: options.replicas,
    logger: options.logger,
    registry: options.registry,
  });
}

/** createEventBus's options from a service's NATS settings. */
export function natsOptionsOf(
  config: NatsSettings,
  streams: StreamSpec[],
): { natsUrl?: string; namespace?: string; replicas: number; streams: StreamSpec[] } {
  return {
    streams,
    natsUrl: config.NATS_URL,
    namespace: config.NATS_NAMESPACE,
    replicas: config.NATS_STREAM_REPLICAS,
  };
}

/**
 * For a service whose bus is optional: the bus it was handed (one process, tests), else its
 * own JetStream bus when NATS_URL is set (closed with the service), else none.
 */
export function givenOrOwnEventBus(
  given: EventBus | undefined,
  config: NatsSettings,
  options: { streams: StreamSpec[]; logger: Logger; registry: Registry; closers: Closers },
): EventBus | undefined {
  if (given) return given;
  if (!config.NATS_URL) return undefined;
  const { closers, streams, ...observe } = options;
  return closers.push(createEventBus({ ...natsOptionsOf(config, streams), ...observe }), (own) =>
    own.close(),
  );
}
