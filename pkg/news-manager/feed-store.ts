import type { NewsEvent } from '../object-model';

/** An event in a feed with its position: positions grow with appends (`<ms>-<seq>`). */
export interface FeedEntry {
  position: string;
  event: NewsEvent;
}

/**
 * Per-user news feeds, newest first and capped. Implementations: RedisFeedStore and
 * InMemoryFeedStore, held to one contract suite.
 */
export interface FeedStore {
  /**
   * Appends one event to each of `feeds` in one round trip. A feed that already holds
   * `eventId` is skipped, so a redelivered event never appears twice.
   */
  append(feeds: string[], eventId: string, event: NewsEvent): Promise<void>;
  /** Newest first; only entries older than `before` (exclusive) when given. */
  read(feed: string, before: string | undefined, limit: number): Promise<FeedEntry[]>;
  /** Resolves when the store can serve (for /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Feed positions, as Redis stream ids: `<milliseconds>-<sequence>`. */
export const FEED_POSITION = /^[0-9]{1,20}-[0-9]{1,20}$/;
