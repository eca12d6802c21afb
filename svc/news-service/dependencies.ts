import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { loadOwnCallerToken } from '../../pkg/auth';
import { createEventBus, natsOptionsOf, type EventBus } from '../../pkg/events';
import type { Closers } from '../../pkg/kit';
import { LINK_EVENT_STREAMS, type SocialGraphManager } from '../../pkg/object-model';
import { SocialGraphManagerClient } from '../../pkg/social-graph-client';
import type { NewsServiceConfig } from './config';

/** The event bus chosen by NATS_URL: JetStream, or the in-process bus when unset. */
export function defaultEventBus(
  config: NewsServiceConfig,
  logger: Logger,
  registry: Registry,
  closers: Closers,
): EventBus {
  return closers.push(
    createEventBus({ ...natsOptionsOf(config, LINK_EVENT_STREAMS), logger, registry }),
    (bus) => bus.close(),
  );
}

/** The social graph service client, authenticated with this service's caller token. */
export function defaultSocialGraph(config: NewsServiceConfig): SocialGraphManager {
  return new SocialGraphManagerClient({
    baseUrl: config.SOCIAL_GRAPH_URL,
    callerToken: config.CALLER_TOKEN_FILE ? loadOwnCallerToken(config.CALLER_TOKEN_FILE) : undefined,
  });
}
