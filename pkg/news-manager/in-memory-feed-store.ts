import type { NewsEvent } from '../object-model';
import type { FeedEntry, FeedStore } from './feed-store';

const DEFAULT_DEDUP_TTL_SECONDS = 7 * 24 * 3600;

/** Feeds in process memory, for `npm start` and unit tests. Same positions as Redis streams. */
export class InMemoryFeedStore implements FeedStore {
  /** Oldest first, as appended. */
  private readonly feeds = new Map<string, FeedEntry[]>();
  /** `feed \n eventId` → when it may be forgotten; in insertion order, so the oldest come first. */
  private readonly seen = new Map<string, number>();
  private lastMs = 0;
  private sequence = 0;

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
    for (const feed of feeds) {
      const marker = `${feed}\n${eventId}`;
      if (this.seen.has(marker)) continue;
      this.seen.set(marker, expiresAt);
      const entries = this.feeds.get(feed) ?? [];
      entries.push({ position: this.nextPosition(), event: { ...event } });
      if (entries.length > this.options.maxLength) entries.splice(0, entries.length - this.options.maxLength);
      this.feeds.set(feed, entries);
    }
  }

  async read(feed: string, before: string | undefined, limit: number): Promise<FeedEntry[]> {
    const entries = this.feeds.get(feed) ?? [];
    const older =
      before === undefined ? entries : entries.filter((e) => comparePositions(e.position, before) < 0);
    return older
      .slice(-limit)
      .reverse()
      .map((entry) => ({ position: entry.position, event: { ...entry.event } }));
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}

  private forgetExpired(now: number): void {
    for (const [marker, expiresAt] of this.seen) {
      if (expiresAt > now) break;
      this.seen.delete(marker);
    }
  }

  private nextPosition(): string {
    const now = Date.now();
    if (now > this.lastMs) {
      this.lastMs = now;
      this.sequence = 0;
    } else {
      this.sequence += 1;
    }
    return `${this.lastMs}-${this.sequence}`;
  }
}

function comparePositions(a: string, b: string): number {
  const [aMs, aSeq] = a.split('-').map(BigInt);
  const [bMs, bSeq] = b.split('-').map(BigInt);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  return aSeq === bSeq ? 0 : aSeq < bSeq ? -1 : 1;
}
