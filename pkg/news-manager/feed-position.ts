import { InvalidArgumentError } from '../object-model';

/**
 * Where an entry sits in a feed: the time its change happened (event time, in ms since
 * the epoch), then its event id to order events of the same millisecond. Feeds are
 * ordered by it, newest first, whatever order the events arrived in, so an event
 * redelivered after a crash lands in its time position, not on top.
 *
 * Written `<ms>-<id>`, with the id percent-encoded (RFC 3986 unreserved characters and
 * `%` only): no separator can appear inside it, and byte order equals string order.
 */
export interface FeedPosition {
  timeMs: number;
  /** The percent-encoded event id. */
  id: string;
}

/** The latest time a JavaScript Date can hold; a later position cannot name an entry. */
const MAX_TIME_MS = 8_640_000_000_000_000;
/** Digits of MAX_TIME_MS: sort keys pad times to it, so text order is time order. */
const TIME_DIGITS = 16;
const MAX_ID_LENGTH = 256;

export const FEED_POSITION = /^(0|[1-9][0-9]{0,15})-([A-Za-z0-9._~!*'()%-]{1,256})$/;

export function positionOf(timestamp: string, eventId: string): FeedPosition {
  const timeMs = Date.parse(timestamp);
  // Events carry RFC 3339 times; one the clock cannot read sorts as the oldest rather than being lost.
  return {
    timeMs: Number.isFinite(timeMs) ? Math.min(Math.max(0, timeMs), MAX_TIME_MS) : 0,
    id: encodeURIComponent(eventId).slice(0, MAX_ID_LENGTH),
  };
}

export function formatPosition(position: FeedPosition): string {
  return `${position.timeMs}-${position.id}`;
}

/** The position a text names, or undefined when it is not one (checked fully: range and characters). */
export function parsePosition(text: string): FeedPosition | undefined {
  const match = FEED_POSITION.exec(text);
  if (!match) return undefined;
  const timeMs = Number(match[1]);
  if (timeMs > MAX_TIME_MS) return undefined;
  return { timeMs, id: match[2] };
}

/** The position `before` names; stores refuse anything else before reaching their backend. */
export function validPosition(text: string): FeedPosition {
  const position = parsePosition(text);
  if (!position) throw new InvalidArgumentError('not a feed position');
  return position;
}

/** A text whose byte order is the feed's order (time, then id): a Redis sorted-set member's prefix. */
export function sortKeyOf(position: FeedPosition): string {
  return `${String(position.timeMs).padStart(TIME_DIGITS, '0')} ${position.id}`;
}

/** Orders positions oldest first. */
export function comparePositions(a: FeedPosition, b: FeedPosition): number {
  if (a.timeMs !== b.timeMs) return a.timeMs - b.timeMs;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
