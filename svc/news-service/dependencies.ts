import type { Logger } from 'pino';
import { createEventBus, type EventBus } from '../../pkg/events';
import type { SocialGraphManager } from '../../pkg/object-model';
import type { NewsServiceConfig } from './config';

/** The event bus chosen by NATS_URL: JetStream, or the in-process bus when unset. */
export function defaultEventBus(
  config: NewsServiceConfig,
  logger: Logger,
  owned: { close(): Promise<void> }[],
): EventBus {
  const bus = createEventBus({ natsUrl: config.NATS_URL, namespace: config.NATS_NAMESPACE, logger });
  owned.push(bus);
  return bus;
}

/** The social graph service client, authenticated with this service's caller token. */
export function defaultSocialGraph(_config: NewsServiceConfig): SocialGraphManager {
  throw new Error('no social graph client available yet');
}
