import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { RedisFeedStore } from '../../../pkg/news-manager';
import { describeFeedStoreContract } from '../../support/news-store-contract';

const REDIS_URL = 'redis://127.0.0.1:6379';

/** Deletes every key under a test's private prefix. */
async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

describeFeedStoreContract('redis', async ({ maxLength }) => {
  const keyPrefix = `test-news-${randomUUID()}:`;
  const store = RedisFeedStore.connect(REDIS_URL, { keyPrefix, maxLength });
  await store.ping();
  return {
    store,
    close: async () => {
      await store.close();
      await deleteKeys(keyPrefix);
    },
  };
});

describe('RedisFeedStore fan-out in chunks', () => {
  const keyPrefix = `test-news-${randomUUID()}:`;
  const store = RedisFeedStore.connect(REDIS_URL, { keyPrefix, maxLength: 5 });
  const event = {
    eventType: 'LINK_ADDED' as const,
    username: 'author',
    url: 'https://a.example/1',
    timestamp: '2026-01-02T03:04:05.000Z',
    title: 'one',
  };
  const feeds = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `user${from + i}`);

  afterAll(async () => {
    await store.close();
    await deleteKeys(keyPrefix);
  });

  it('appends to every feed of a list longer than one script call, once each across a redelivery', async () => {
    // 250 feeds span three script calls; the redelivery covers them and 100 new ones.
    await store.append(feeds(0, 250), 'e1', event);
    await store.append(feeds(0, 350), 'e1', event);
    const lengths = await Promise.all(
      feeds(0, 350).map(async (feed) => (await store.read(feed, undefined, 10)).length),
    );
    expect(lengths).toEqual(feeds(0, 350).map(() => 1));
    expect((await store.read('user349', undefined, 10))[0].event).toEqual(event);
  });
});

describe('RedisFeedStore failures', () => {
  const keyPrefix = `test-news-${randomUUID()}:`;
  const store = RedisFeedStore.connect(REDIS_URL, { keyPrefix, maxLength: 5 });

  afterAll(async () => {
    await store.close();
    await deleteKeys(keyPrefix);
  });

  it('reports UNAVAILABLE in its own words, keeping Redis’ words for the log', async () => {
    const redis = new Redis(REDIS_URL);
    await redis.set(`${keyPrefix}timeline:{broken}`, 'not a sorted set');
    redis.disconnect();
    const failure = store.read('broken', undefined, 10);
    await expect(failure).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: 'feed store is unavailable',
    });
    await expect(failure).rejects.toMatchObject({ detail: expect.stringMatching(/WRONGTYPE/) });
  });
});
