import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { UnauthenticatedError, UnavailableError } from '../../../pkg/object-model';
import {
  LOGIN_CODE_TTL_SECONDS,
  MemoryLoginCodes,
  RedisLoginCodes,
  type LoginCodes,
} from '../../../svc/api-gateway-service/login-codes';

const REDIS_URL = 'redis://127.0.0.1:6379';
const prefix = `test-login-codes-${randomUUID()}:`;
const grant = {
  state: 'cli-state-0123456789abcdef',
  session: { session: 'the-session', username: 'octocat', email: 'octocat@example.com' },
};
const UNKNOWN = /unknown, already used or expired/;

let redis: Redis;
beforeAll(() => {
  redis = new Redis(REDIS_URL);
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

const stores: Array<[string, () => LoginCodes]> = [
  ['in memory', () => new MemoryLoginCodes()],
  ['in Redis', () => new RedisLoginCodes(redis, prefix)],
];

describe.each(stores)('login codes %s', (_name, make) => {
  it('hand the session over once, to the state they were issued for', async () => {
    const codes = make();
    const code = await codes.issue(grant);
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expect(codes.redeem(code, grant.state)).resolves.toEqual(grant.session);
    await expect(codes.redeem(code, grant.state)).rejects.toThrow(UNKNOWN);
  });

  it('are spent by a wrong state, and never confused with one another', async () => {
    const codes = make();
    const [first, second] = [
      await codes.issue(grant),
      await codes.issue({ ...grant, state: 'other-state-0123456789' }),
    ];
    expect(first).not.toBe(second);
    await expect(codes.redeem(first, 'other-state-0123456789')).rejects.toThrow(/belongs to another login/);
    await expect(codes.redeem(first, grant.state)).rejects.toThrow(UNKNOWN);
    await expect(codes.redeem(second, 'other-state-0123456789')).resolves.toEqual(grant.session);
    await expect(codes.redeem('made-up', grant.state)).rejects.toBeInstanceOf(UnauthenticatedError);
  });
});

describe('login code expiry', () => {
  it(`in memory: a code is refused once ${LOGIN_CODE_TTL_SECONDS} seconds have passed`, async () => {
    let now = 1_000_000;
    const codes = new MemoryLoginCodes(() => now);
    const kept = await codes.issue(grant);
    const late = await codes.issue(grant);
    now += LOGIN_CODE_TTL_SECONDS * 1000 - 1;
    await expect(codes.redeem(kept, grant.state)).resolves.toEqual(grant.session);
    now += 1;
    await expect(codes.redeem(late, grant.state)).rejects.toThrow(UNKNOWN);
  });

  it(`in Redis: a code is kept under its hash, for ${LOGIN_CODE_TTL_SECONDS} seconds, and is gone after`, async () => {
    const codes = new RedisLoginCodes(redis, prefix);
    const code = await codes.issue(grant);
    const [key] = await redis.keys(`${prefix}login-code:*`);
    expect(key).not.toContain(code);
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(LOGIN_CODE_TTL_SECONDS - 5);
    expect(ttl).toBeLessThanOrEqual(LOGIN_CODE_TTL_SECONDS);
    // What Redis does when the time is up.
    await redis.pexpire(key, 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(codes.redeem(code, grant.state)).rejects.toThrow(UNKNOWN);
  });
});

describe('login codes with Redis unreachable', () => {
  it('answer 503 (UNAVAILABLE), both to issue and to redeem', async () => {
    // Nothing listens on port 1.
    const down = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, enableOfflineQueue: false });
    down.on('error', () => undefined);
    try {
      const codes = new RedisLoginCodes(down, prefix);
      await expect(codes.issue(grant)).rejects.toBeInstanceOf(UnavailableError);
      await expect(codes.redeem('any', grant.state)).rejects.toBeInstanceOf(UnavailableError);
    } finally {
      down.disconnect();
    }
  });
});
