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
 * Appends to each feed unless its event id was seen there: KEYS are pairs (feed, marker),
 * ARGV is (max length, marker ttl, event). A feed's marker and its entry are written
 * together, so a crash between them cannot lose or duplicate an entry; feeds already
 * done are skipped, so a redelivery completes a partial fan-out. One call serves a whole
 * chunk of feeds: the event travels once and Redis runs one script, not one per feed.
 * Its keys span many feeds, so it needs a single Redis (as deployed), not a Redis Cluster.
 */
const APPEND_ONCE_EACH = `
for i = 1, #KEYS, 2 do
  if redis.call('SET', KEYS[i + 1], '1', 'NX', 'EX', ARGV[2]) then
    redis.call('XADD', KEYS[i], 'MAXLEN', ARGV[1], '*', 'event', ARGV[3])
  end
end
return 0`;

/** Feeds per script call: enough to amortise the call, few enough that one call holds Redis up for under a millisecond. */
const FEEDS_PER_CALL = 100;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    /** `appendOnceEach(numberOfKeys, feed1, marker1, feed2, marker2, …, maxLength, ttlSeconds, event)` */
    appendOnceEach(numberOfKeys: number, ...keysThenArgs: (string | number)[]): Result<number, Context>;
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
    // The number of keys varies by call, so it is the command's first argument.
    redis.defineCommand('appendOnceEach', { lua: APPEND_ONCE_EACH });
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
    const { keyPrefix, maxLength, dedupTtlSeconds } = this.options;
    const pipeline = this.redis.pipeline();
    for (let i = 0; i < feeds.length; i += FEEDS_PER_CALL) {
      const keys: string[] = [];
      for (const feed of feeds.slice(i, i + FEEDS_PER_CALL)) {
        keys.push(this.feedKey(feed), `${keyPrefix}seen:{${feed}}:${eventId}`);
      }
      pipeline.appendOnceEach(keys.length, ...keys, maxLength, dedupTtlSeconds, json);
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
