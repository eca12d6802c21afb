import type { Logger } from 'pino';
import type { EventBus, Subscription } from '../../pkg/events';
import { runWithRequestId } from '../../pkg/kit';
import { LINK_EVENT_SUBJECTS, type LinkEvent } from '../../pkg/object-model';

/** Durable consumer name: the news service's progress through the link events survives restarts. */
export const NEWS_CONSUMER = 'news-service';

function isLinkEvent(data: unknown): data is LinkEvent {
  const event = data as Partial<LinkEvent> | null;
  return (
    typeof event?.id === 'string' &&
    typeof event.author === 'string' &&
    typeof event.occurredAt === 'string' &&
    // Feeds are ordered by this time: an event without a readable one cannot be placed.
    Number.isFinite(Date.parse(event.occurredAt)) &&
    typeof event.link?.url === 'string' &&
    (Object.keys(LINK_EVENT_SUBJECTS) as string[]).includes(String(event.type))
  );
}

/**
 * Feeds every link event to `handleLinkEvent`; the event is acknowledged only once the
 * handler resolved (the feeds are written), and redelivered otherwise, up to `maxDeliver`.
 */
export function consumeLinkEvents(
  bus: EventBus,
  service: { handleLinkEvent(event: LinkEvent): Promise<void> },
  options: { maxDeliver: number; ackWaitMs?: number; logger: Logger },
): Promise<Subscription> {
  return bus.consume<unknown>(
    {
      durable: NEWS_CONSUMER,
      subjects: Object.values(LINK_EVENT_SUBJECTS),
      maxDeliver: options.maxDeliver,
      ackWaitMs: options.ackWaitMs,
    },
    async (received) => {
      if (!isLinkEvent(received.data)) {
        // Redelivering a malformed event cannot fix it: set it aside.
        options.logger.error({ subject: received.subject }, 'malformed link event dropped');
        return;
      }
      // The event id ties the fan-out's log lines together, as a request id does for a call.
      const event = received.data;
      await runWithRequestId(event.id, () => service.handleLinkEvent(event));
    },
  );
}
