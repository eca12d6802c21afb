import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { NewsService, RedisFeedStore } from '../../pkg/news-manager';
import type { LinkEvent, SocialGraphManager } from '../../pkg/object-model';

/**
 * Fan-out benchmark: one link event by an author with FOLLOWERS followers, timed until
 * every follower's feed in Redis holds it. Runs against REDIS_URL under a private key
 * prefix that is deleted afterwards. Prints figures; asserts nothing about speed.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const FOLLOWERS = Number(process.env.FOLLOWERS ?? 10_000);
const BATCH_SIZES = (process.env.BATCH_SIZES ?? '100,500,1000').split(',').map(Number);

const followers = Array.from({ length: FOLLOWERS }, (_, i) => `follower${i}`);
// The social graph is not what is measured: it answers from memory.
const socialGraph: SocialGraphManager = {
  follow: async () => undefined,
  unfollow: async () => undefined,
  getFollowing: async () => [],
  getFollowers: async () => followers,
};

function linkEvent(n: number): LinkEvent {
  const at = new Date().toISOString();
  const url = `https://bench.example/${n}`;
  return {
    id: randomUUID(),
    type: 'LINK_ADDED',
    author: 'author',
    occurredAt: at,
    link: {
      url,
      title: `bench ${n}`,
      description: '',
      tags: [],
      status: 'pending',
      createdAt: at,
      updatedAt: at,
    },
  };
}

async function allFeedsHold(redis: Redis, prefix: string, url: string): Promise<boolean> {
  const pipeline = redis.pipeline();
  for (const follower of followers)
    pipeline.zrevrangebylex(`${prefix}timeline:{${follower}}`, '+', '-', 'LIMIT', 0, 1);
  const results = (await pipeline.exec()) ?? [];
  return results.every(([error, members]) => {
    // Members are `<time> <event id> <event json>` (pkg/news-manager/redis-feed-store.ts).
    const [first] = (members as string[] | null) ?? [];
    const json = first?.split(' ').slice(2).join(' ');
    return !error && json !== undefined && (JSON.parse(json) as { url: string }).url === url;
  });
}

async function deleteKeys(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

async function main(): Promise<void> {
  const prefix = `bench-fanout-${randomUUID()}:`;
  const redis = new Redis(REDIS_URL);
  const store = RedisFeedStore.connect(REDIS_URL, {
    keyPrefix: prefix,
    maxLength: 1000,
    dedupTtlSeconds: 600,
  });
  console.log(`fan-out of one link event to ${FOLLOWERS} followers (${REDIS_URL}, prefix ${prefix})`);
  try {
    for (const [i, batchSize] of BATCH_SIZES.entries()) {
      const service = new NewsService(store, socialGraph, { fanOutBatchSize: batchSize });
      const event = linkEvent(i);
      const started = process.hrtime.bigint();
      await service.handleLinkEvent(event);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (!(await allFeedsHold(redis, prefix, event.link.url))) throw new Error('some feed misses the event');
      console.log(
        `batch ${String(batchSize).padStart(5)}: ${ms.toFixed(1)} ms until all ${FOLLOWERS} feeds hold it, ` +
          `${((ms * 1000) / FOLLOWERS).toFixed(1)} µs per follower`,
      );
    }
  } finally {
    const deleted = await deleteKeys(redis, prefix);
    console.log(`cleaned up ${deleted} keys`);
    await store.close();
    redis.disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(`bench-fanout: ${(error as Error).message}`);
  process.exit(1);
});
