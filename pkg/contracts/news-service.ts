import type { CallAccess } from '../auth';
import type { NewsEvent, NewsEventType } from '../object-model';
import { gatewayForUser } from './callers';
import type { Event, Event__Output } from '../../pb/generated/pb/Event';

/**
 * The one mapping between NewsEvent and the wire Event (both directions), shared by the
 * service's transport and the client. RFC 3339 times travel as google.protobuf.Timestamp.
 */
export function newsEventToWire(event: NewsEvent): Event {
  const ms = Date.parse(event.timestamp);
  return {
    eventType: event.eventType,
    username: event.username,
    url: event.url,
    timestamp: { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1_000_000 },
    title: event.title ?? '',
  };
}

export function newsEventFromWire(event: Event__Output): NewsEvent {
  const seconds = Number(event.timestamp?.seconds ?? 0);
  const nanos = event.timestamp?.nanos ?? 0;
  const result: NewsEvent = {
    eventType: event.eventType as NewsEventType,
    username: event.username,
    url: event.url,
    timestamp: new Date(seconds * 1000 + Math.floor(nanos / 1_000_000)).toISOString(),
  };
  if (event.title) result.title = event.title;
  return result;
}

/** `GetNews` is the gateway's, for the signed-in user's own feed. */
export const newsServiceAccess: { GetNews: CallAccess } = { GetNews: gatewayForUser('username') };
