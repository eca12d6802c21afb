import Redis, { type Result } from 'ioredis';
import type { NewsEvent } from '../object-model';
import { unavailableBecause } from '../kit/transport/failure-cause';
import { formatPosition, positionOf, sortKeyOf, validPosition } from './feed-position';
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
 * Adds the entry to each feed unless its event id was seen there, and trims each feed to
 * its newest ARGV[1] entries: KEYS are pairs (feed, marker), ARGV is (max length, marker
 * ttl, member). A feed's marker and its entry are written together, so a crash between
 * them cannot lose or duplicate an entry; feeds already done are skipped, so a redelivery
 * completes a partial fan-out. Every member has score 0 and begins with its sort key
 * (padded event time, event id), so a feed is ordered by event time and read by
 * lexicographic range. One call serves a whole chunk of feeds: the member travels once and
 * Redis runs one script, not one per feed. Its keys span many feeds, so it needs a single
 * Redis (as deployed), not a Redis Cluster.
 */
const APPEND_ONCE_EACH = `
for i = 1, #KEYS, 2 do
  if redis.call('SET', KEYS[i + 1], '1', 'NX', 'EX', ARGV[2]) then
    redis.call('ZADD', KEYS[i], 0, ARGV[3])
    redis.call('ZREMRANGEBYRANK', KEYS[i], 0, -(tonumber(ARGV[1]) + 1))
  end
end
return 0`;

/** Feeds per script call: enough to amortise the call, few enough that one call holds Redis up for under a millisecond. */
const FEEDS_PER_CALL = 100;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    /** `appendOnceEach(numberOfKeys, feed1, marker1, feed2, marker2, …, maxLength, ttlSeconds, member)` */
    appendOnceEach(numberOfKeys: number, ...keysThenArgs: (string | number)[]): Result<number, Context>;
  }
}

/**
 * One sorted set per feed (`<prefix>timeline:{user}`), members `<sort key> <event json>`:
 * ordered by when each change happened, so an event redelivered late still lands in its
 * time position. A page token names an entry's sort key and ZREVRANGEBYLEX continues
 * strictly below it, unaffected by appends. The `{user}` hash tag keeps a feed and its
 * markers on one Redis Cluster slot.
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
    const member = `${sortKeyOf(positionOf(event.timestamp, eventId))} ${JSON.stringify(event)}`;
    const { keyPrefix, maxLength, dedupTtlSeconds } = this.options;
    const pipeline = this.redis.pipeline();
    for (let i = 0; i < feeds.length; i += FEEDS_PER_CALL) {
      const keys: string[] = [];
      for (const feed of feeds.slice(i, i + FEEDS_PER_CALL)) {
        keys.push(this.feedKey(feed), `${keyPrefix}seen:{${feed}}:${eventId}`);
      }
      pipeline.appendOnceEach(keys.length, ...keys, maxLength, dedupTtlSeconds, member);
    }
    const results = await this.run(() => pipeline.exec());
    const failed = results?.find(([error]) => error);
    // Redis' own words go to the log (as `detail`), never to a client.
    if (failed) throw unavailableBecause('feed store is unavailable', failed[0]);
  }

  async read(feed: string, before: string | undefined, limit: number): Promise<FeedEntry[]> {
    const from = before === undefined ? '+' : `(${sortKeyOf(validPosition(before))}`;
    const members = await this.run(() =>
      this.redis.zrevrangebylex(this.feedKey(feed), from, '-', 'LIMIT', 0, limit),
    );
    return members.map(entryOf);
  }

  async ping(): Promise<void> {
    await this.run(() => this.redis.ping());
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  private feedKey(feed: string): string {
    return `${this.options.keyPrefix}timeline:{${feed}}`;
  }

  private async run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw unavailableBecause('feed store is unavailable', error);
    }
  }
}

/** `<16-digit ms> <id> <json>` → the entry. */
function entryOf(member: string): FeedEntry {
  const timeEnd = member.indexOf(' ');
  const idEnd = member.indexOf(' ', timeEnd + 1);
  return {
    position: formatPosition({
      timeMs: Number(member.slice(0, timeEnd)),
      id: member.slice(timeEnd + 1, idEnd),
    }),
    event: JSON.parse(member.slice(idEnd + 1)) as NewsEvent,
  };
}
