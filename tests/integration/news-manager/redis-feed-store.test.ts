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
  const store = RedisFeedStore.connect(REDIS_URL, { keyPrefix, maxLength, dedupTtlSeconds: 600 });
  await store.ping();
  return {
    store,
    close: async () => {
      await store.close();
      await deleteKeys(keyPrefix);
    },
  };
});
