import type { EventBus } from '../../pkg/events/event-bus';
import type { SocialGraphManager } from '../../pkg/object-model';
import type { NewsServiceConfig } from './config';

/** The event bus chosen by NATS_URL (JetStream, or in-process when unset). */
export async function defaultEventBus(
  _config: NewsServiceConfig,
  _owned: { close(): Promise<void> }[],
): Promise<EventBus> {
  throw new Error('no event bus implementation available yet');
}

/** The social graph service client, authenticated with this service's caller token. */
export function defaultSocialGraph(_config: NewsServiceConfig): SocialGraphManager {
  throw new Error('no social graph client available yet');
}
