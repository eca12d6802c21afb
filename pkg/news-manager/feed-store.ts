import type { NewsEvent } from '../object-model';

/** An event in a feed with its position (`<event time ms>-<event id>`, see feed-position.ts). */
export interface FeedEntry {
  position: string;
  event: NewsEvent;
}

/**
 * Per-user news feeds, newest first by event time (when the change happened, not when
 * its event arrived) and capped: the oldest entries go. Implementations: RedisFeedStore and
 * InMemoryFeedStore, held to one contract suite.
 */
export interface FeedStore {
  /**
   * Appends one event to each of `feeds` in one round trip. A feed that already holds
   * `eventId` is skipped, so a redelivered event never appears twice.
   */
  append(feeds: string[], eventId: string, event: NewsEvent): Promise<void>;
  /**
   * Newest first; only entries older than `before` (exclusive) when given, so a page
   * token names an entry and newer appends never shift the pages after it.
   */
  read(feed: string, before: string | undefined, limit: number): Promise<FeedEntry[]>;
  /** Resolves when the store can serve (for /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
