import Redis, { type Result } from 'ioredis';
import { UnavailableError, type NewsEvent } from '../object-model';
import type { FeedEntry, FeedStore } from './feed-store';

export interface RedisFeedStoreOptions {
  /** Prefix of every key (tests and side-by-side deployments use their own). */
  keyPrefix: string;
  /** Entries kept per feed; older ones are trimmed. */
  maxLength: number;
  /** How long an event id is remembered per feed to drop redeliveries. */
  dedupTtlSeconds: number;
}

/**
 * Appends to one feed unless its event id was seen there: the marker and the entry are
 * written atomically, so a crash between them cannot lose or duplicate an entry.
 */
const APPEND_ONCE = `
if redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[2]) then
  return redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[1], '*', 'event', ARGV[3])
end
return false`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    appendOnce(
      feedKey: string,
      markerKey: string,
      maxLength: number,
      ttlSeconds: number,
      event: string,
    ): Result<string | null, Context>;
  }
}

/**
 * One Redis stream per feed (`<prefix>feed:{user}`): stream ids are the positions, so a
 * page token names an entry and XREVRANGE from it is unaffected by newer appends. The
 * `{user}` hash tag keeps a feed and its markers on one Redis Cluster slot.
 */
export class RedisFeedStore implements FeedStore {
  private constructor(
    private readonly redis: Redis,
    private readonly options: RedisFeedStoreOptions,
  ) {
    redis.defineCommand('appendOnce', { numberOfKeys: 2, lua: APPEND_ONCE });
  }

  static connect(url: string, options: RedisFeedStoreOptions): RedisFeedStore {
    const redis = new Redis(url, {
      // Fail fast while Redis is down (a command waits for one reconnection attempt at most):
      // the caller answers UNAVAILABLE, or has the event redelivered.
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
    });
    // Reconnection is automatic; without a listener ioredis would print every failure.
    redis.on('error', () => undefined);
    return new RedisFeedStore(redis, options);
  }

  async append(feeds: string[], eventId: string, event: NewsEvent): Promise<void> {
    if (feeds.length === 0) return;
    const json = JSON.stringify(event);
    const pipeline = this.redis.pipeline();
    for (const feed of feeds) {
      pipeline.appendOnce(
        this.feedKey(feed),
        `${this.options.keyPrefix}seen:{${feed}}:${eventId}`,
        this.options.maxLength,
        this.options.dedupTtlSeconds,
        json,
      );
    }
    const results = await this.run(() => pipeline.exec());
    const failed = results?.find(([error]) => error);
    if (failed) throw new UnavailableError(`feed store write failed: ${failed[0]?.message}`);
  }

  async read(feed: string, before: string | undefined, limit: number): Promise<FeedEntry[]> {
    const entries = await this.run(() =>
      this.redis.xrevrange(
        this.feedKey(feed),
        before === undefined ? '+' : `(${before}`,
        '-',
        'COUNT',
        limit,
      ),
    );
    return entries.map(([position, fields]) => ({
      position,
      event: JSON.parse(fields[fields.indexOf('event') + 1]) as NewsEvent,
    }));
  }

  async ping(): Promise<void> {
    await this.run(() => this.redis.ping());
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  private feedKey(feed: string): string {
    return `${this.options.keyPrefix}feed:{${feed}}`;
  }

  private async run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw new UnavailableError(`feed store is unavailable: ${(error as Error).message}`);
    }
  }
}
