import type { Link, LinkStatus } from './link';
import type { NewsEventType } from './news';

/** JetStream stream that carries every link event, and its subjects. */
export const LINK_EVENTS_STREAM = 'LINK_EVENTS';
export const LINK_EVENT_SUBJECTS = {
  LINK_ADDED: 'links.added',
  LINK_UPDATED: 'links.updated',
  LINK_DELETED: 'links.deleted',
} as const satisfies Record<NewsEventType, string>;
export const LINK_CHECKED_SUBJECT = 'links.checked';
/**
 * The links of an import but its newest: the link checker checks them; the news service
 * does not listen, so one import makes one news entry (the newest link, on links.added).
 */
export const LINK_IMPORTED_SUBJECT = 'links.imported';
/** The streams the link events travel on, handed to the event bus (which knows no domain). */
export const LINK_EVENT_STREAMS = [{ name: LINK_EVENTS_STREAM, subjects: ['links.>'] }];

/**
 * Published by the link service, once per link change, through its outbox.
 * It names the author; the news service fans it out to the author's followers.
 */
export interface LinkEvent {
  /** Unique; used as the JetStream message id for de-duplication. */
  id: string;
  type: NewsEventType;
  author: string;
  link: Link;
  /** RFC 3339 */
  occurredAt: string;
  /**
   * The trace context of the change (W3C headers), kept in the outbox so the relay publishes
   * the event in the trace of the request that made it; never sent on the bus.
   */
  traceContext?: Record<string, string>;
}

/** Published by the link checker; the link service sets the link's status from it. */
export interface LinkCheckedEvent {
  id: string;
  author: string;
  url: string;
  status: Exclude<LinkStatus, 'pending'>;
  reason?: string;
  /** RFC 3339 */
  checkedAt: string;
}
