import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { NewsService, RedisFeedStore } from '../../pkg/news-manager';
import type { LinkEvent, SocialGraphManager } from '../../pkg/object-model';

const TIMED_EVENTS = 3;

export interface FanOutResult {
  followers: number;
  batchSize: number;
  ms: number;
  usPerFollower: number;
}

function linkEvent(): LinkEvent {
  const at = new Date().toISOString();
  return {
    id: randomUUID(),
    type: 'LINK_ADDED',
    author: 'author',
    occurredAt: at,
    link: {
      url: `https://bench.example/${randomUUID()}`,
      title: 'bench',
      description: '',
      tags: [],
      status: 'pending',
      private: false,
      createdAt: at,
      updatedAt: at,
    },
  };
}

/** The social graph is not what is measured: it answers from memory. */
function followersOf(names: string[]): SocialGraphManager {
  return {
    follow: async () => undefined,
    unfollow: async () => undefined,
    getFollowing: async () => [],
    getFollowers: async () => names,
  };
}

/** Whether every feed's newest entry is the event (one pipelined ZREVRANGEBYLEX per feed). */
async function allFeedsHold(redis: Redis, prefix: string, names: string[], url: string): Promise<boolean> {
  const pipeline = redis.pipeline();
  for (const name of names) pipeline.zrevrangebylex(`${prefix}timeline:{${name}}`, '+', '-', 'LIMIT', 0, 1);
  const results = (await pipeline.exec()) ?? [];
  return results.every(([error, members]) => {
    // Members are `<time> <event id> <event json>` (pkg/news-manager/redis-feed-store.ts).
    const [first] = (members as string[] | null) ?? [];
    const json = first?.split(' ').slice(2).join(' ');
    return !error && json !== undefined && (JSON.parse(json) as { url: string }).url === url;
  });
}

export async function deleteKeys(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

/**
 * Link events fanned out by the news service to `followers` feeds in the real Redis, each
 * timed until the last feed write is acknowledged, then checked: every feed holds it.
 * The median of three events is kept.
 * Runs under a private key prefix, deleted afterwards.
 */
export async function measureFanOut(
  redisUrl: string,
  followers: number,
  batchSize: number,
): Promise<FanOutResult> {
  const prefix = `bench-fanout-${randomUUID()}:`;
  const names = Array.from({ length: followers }, (_, i) => `follower${i}`);
  const redis = new Redis(redisUrl);
  const store = RedisFeedStore.connect(redisUrl, {
    keyPrefix: prefix,
    maxLength: 1000,
  });
  try {
    const service = new NewsService(store, followersOf(names), { fanOutBatchSize: batchSize });
    // A first event warms the connection, the script cache and the JIT (and creates the
    // feeds); the next ones are timed, and the median is kept: one event is easily disturbed.
    await service.handleLinkEvent(linkEvent());
    const times: number[] = [];
    for (let i = 0; i < TIMED_EVENTS; i++) {
      const event = linkEvent();
      const started = process.hrtime.bigint();
      await service.handleLinkEvent(event);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (!(await allFeedsHold(redis, prefix, names, event.link.url))) {
        throw new Error(`fan-out to ${followers}: some feed misses the event`);
      }
    }
    const ms = times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
    return { followers, batchSize, ms, usPerFollower: (ms * 1000) / followers };
  } finally {
    await deleteKeys(redis, prefix);
    await store.close();
    redis.disconnect();
  }
}
