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
}

/**
 * Adds the entry to each feed unless the feed holds the event already, and trims each
 * feed to its newest ARGV[1] entries: KEYS are feeds, ARGV is (max length, member, the
 * member's sort key and a space, the same followed by '!'). Every member has score 0 and
 * begins with its sort key (padded event time, event id) and a space, so a feed is ordered
 * by event time and read by lexicographic range, and ZLEXCOUNT over [ARGV[3], ARGV[4]) counts
 * the feed's entries of this event: a redelivery is skipped, also one whose payload differs.
 *
 * The feed itself is the record of what it holds, so no marker key is written per feed
 * and event (it cost as much Redis time as the entry). An entry already trimmed cannot
 * come back: trimming left at least max length newer entries, and always will, so a
 * redelivered entry sorts below them and is trimmed at once. Feeds already done are
 * skipped, so a redelivery completes a partial fan-out.
 *
 * One call serves a whole chunk of feeds: the member travels once and Redis runs one
 * script, not one per feed. Its keys span many feeds, so it needs a single Redis (as
 * deployed), not a Redis Cluster.
 */
const APPEND_ONCE_EACH = `
local maxLength = tonumber(ARGV[1])
local from, to = '[' .. ARGV[3], '(' .. ARGV[4]
for i = 1, #KEYS do
  if redis.call('ZLEXCOUNT', KEYS[i], from, to) == 0 then
    redis.call('ZADD', KEYS[i], 0, ARGV[2])
    if redis.call('ZCARD', KEYS[i]) > maxLength then
      redis.call('ZREMRANGEBYRANK', KEYS[i], 0, -(maxLength + 1))
    end
  end
end
return 0`;

/** Feeds per script call: enough to amortise the call, few enough that one call holds Redis up for under a millisecond. */
const FEEDS_PER_CALL = 100;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    /** `appendOnceEach(numberOfFeeds, feed1, feed2, …, maxLength, member, sortKey + ' ', sortKey + '!')` */
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
    const sortKey = sortKeyOf(positionOf(event.timestamp, eventId));
    const member = `${sortKey} ${JSON.stringify(event)}`;
    const pipeline = this.redis.pipeline();
    for (let i = 0; i < feeds.length; i += FEEDS_PER_CALL) {
      const keys = feeds.slice(i, i + FEEDS_PER_CALL).map((feed) => this.feedKey(feed));
      // '!' is the character after ' ': the range holds exactly the members beginning `<sort key> `.
      pipeline.appendOnceEach(
        keys.length,
        ...keys,
        this.options.maxLength,
        member,
        `${sortKey} `,
        `${sortKey}!`,
      );
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
