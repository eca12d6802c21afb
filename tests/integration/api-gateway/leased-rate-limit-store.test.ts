import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { LeasedRedisStore } from '../../../svc/api-gateway-service/leased-rate-limit-store';

const REDIS_URL = 'redis://127.0.0.1:6379';
const prefix = `test-rate-lease-${randomUUID()}:`;
const WINDOW_MS = 60_000;

let redis: Redis;
let replicaRedis: Redis;

beforeAll(() => {
  redis = new Redis(REDIS_URL);
  replicaRedis = new Redis(REDIS_URL);
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  replicaRedis.disconnect();
});

/** Two replicas: a store each, on connections of their own. */
const replicas = () => [new LeasedRedisStore(redis, prefix), new LeasedRedisStore(replicaRedis, prefix)];

function incr(store: LeasedRedisStore, key: string, max: number, windowMs = WINDOW_MS) {
  return new Promise<{ current: number; ttl: number }>((resolve, reject) =>
    store.incr(key, (error, result) => (error ? reject(error) : resolve(result!)), windowMs, max),
  );
}

/** Leases (the store's one Redis command) taken on `connection` while `work` runs. */
async function commandsDuring(connection: Redis, work: () => Promise<void>): Promise<number> {
  const send = jest.spyOn(connection, 'leaseRateLimit');
  try {
    await work();
    return send.mock.calls.length;
  } finally {
    send.mockRestore();
  }
}

describe('rate limits leased from Redis', () => {
  it('count every call of both replicas against one budget, exactly, when calls alternate', async () => {
    const [first, second] = replicas();
    const key = `user:${randomUUID()}`;
    const counts: number[] = [];
    for (let i = 0; i < 25; i++) counts.push((await incr(i % 2 === 0 ? first : second, key, 20)).current);
    // The numbers run on across replicas, one shared count: 21 and beyond are over the budget.
    expect(counts.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(counts.slice(20).every((current) => current > 20)).toBe(true);
  });

  it('never admit more than the budget, however many calls race on both replicas', async () => {
    const [first, second] = replicas();
    const key = `user:${randomUUID()}`;
    const max = 500;
    const calls = Array.from({ length: 2 * max }, (_, i) => incr(i % 2 === 0 ? first : second, key, max));
    const admitted = (await Promise.all(calls)).filter(({ current }) => current <= max);
    expect(admitted).toHaveLength(max);
    expect(new Set(admitted.map(({ current }) => current)).size).toBe(max);
  });

  it('take far fewer round trips than calls while far from the limit', async () => {
    const [store] = replicas();
    const key = `user:${randomUUID()}`;
    const commands = await commandsDuring(redis, async () => {
      for (let i = 0; i < 300; i++) await incr(store, key, 1_000_000);
    });
    expect(commands).toBeGreaterThan(0);
    expect(commands).toBeLessThan(10);
    expect(Number(await redis.get(`${prefix}${key}`))).toBeGreaterThanOrEqual(300);
  });

  it('refuse a key over its budget without asking Redis again, until its window ends', async () => {
    const [store] = replicas();
    const key = `ip:${randomUUID()}`;
    await incr(store, key, 2, 300);
    await incr(store, key, 2, 300);
    const refused: number[] = [];
    // This replica took the budget's last call itself: it knows the budget is spent.
    const commands = await commandsDuring(redis, async () => {
      for (let i = 0; i < 5; i++) refused.push((await incr(store, key, 2, 300)).current);
    });
    expect(commands).toBe(0);
    expect(refused.every((current) => current > 2)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await incr(store, key, 2, 300)).current).toBe(1);
  });

  it('share the counter of @fastify/rate-limit’s own Redis store, with its expiry', async () => {
    const [store] = replicas();
    const key = `ip:${randomUUID()}`;
    await redis.set(`${prefix}${key}`, '7', 'PX', WINDOW_MS);
    const { current, ttl } = await incr(store, key, 100);
    expect(current).toBe(8);
    expect(ttl).toBeGreaterThan(WINDOW_MS - 5000);
    expect(ttl).toBeLessThanOrEqual(WINDOW_MS);
  });

  it('report a Redis failure to the limiter, which then lets the call through (skipOnError)', async () => {
    const broken = new Redis(REDIS_URL, { lazyConnect: true, enableOfflineQueue: false });
    const store = new LeasedRedisStore(broken, prefix);
    await expect(incr(store, `ip:${randomUUID()}`, 10)).rejects.toThrow();
    broken.disconnect();
  });
});
