import type { NewsEvent } from '../object-model';
import {
  comparePositions,
  formatPosition,
  positionOf,
  validPosition,
  type FeedPosition,
} from './feed-position';
import type { FeedEntry, FeedStore } from './feed-store';

const DEFAULT_DEDUP_TTL_SECONDS = 7 * 24 * 3600;

interface StoredEntry {
  position: FeedPosition;
  event: NewsEvent;
}

/** Feeds in process memory, for `npm start` and unit tests. Same order and positions as Redis. */
export class InMemoryFeedStore implements FeedStore {
  /** Oldest first, by event time. */
  private readonly feeds = new Map<string, StoredEntry[]>();
  /** `feed \n eventId` → when it may be forgotten; in insertion order, so the oldest come first. */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly options: {
      maxLength: number;
      /** How long an event id is remembered per feed, as in Redis: memory stays bounded. */
      dedupTtlSeconds?: number;
      now?: () => number;
    },
  ) {}

  async append(feeds: string[], eventId: string, event: NewsEvent): Promise<void> {
    const now = (this.options.now ?? Date.now)();
    this.forgetExpired(now);
    const expiresAt = now + (this.options.dedupTtlSeconds ?? DEFAULT_DEDUP_TTL_SECONDS) * 1000;
    const position = positionOf(event.timestamp, eventId);
    for (const feed of feeds) {
      const marker = `${feed}\n${eventId}`;
      if (this.seen.has(marker)) continue;
      this.seen.set(marker, expiresAt);
      const entries = this.feeds.get(feed) ?? [];
      insertInOrder(entries, { position, event: { ...event } });
      if (entries.length > this.options.maxLength) entries.splice(0, entries.length - this.options.maxLength);
      this.feeds.set(feed, entries);
    }
  }

  async read(feed: string, before: string | undefined, limit: number): Promise<FeedEntry[]> {
    const entries = this.feeds.get(feed) ?? [];
    const bound = before === undefined ? undefined : validPosition(before);
    const older =
      bound === undefined ? entries : entries.filter((e) => comparePositions(e.position, bound) < 0);
    return older
      .slice(-limit)
      .reverse()
      .map((entry) => ({ position: formatPosition(entry.position), event: { ...entry.event } }));
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}

  private forgetExpired(now: number): void {
    for (const [marker, expiresAt] of this.seen) {
      if (expiresAt > now) break;
      this.seen.delete(marker);
    }
  }
}

/**
 * Keeps `entries` oldest first. An entry equal to one held (same position and event) is
 * not added again, as a sorted set holds a member once.
 */
function insertInOrder(entries: StoredEntry[], entry: StoredEntry): void {
  let index = entries.length;
  while (index > 0 && comparePositions(entries[index - 1].position, entry.position) > 0) index -= 1;
  const json = JSON.stringify(entry.event);
  for (let i = index - 1; i >= 0 && comparePositions(entries[i].position, entry.position) === 0; i--) {
    if (JSON.stringify(entries[i].event) === json) return;
  }
  entries.splice(index, 0, entry);
}
