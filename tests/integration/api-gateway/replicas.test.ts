import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import Redis from 'ioredis';
import { loadApiGatewayConfig } from '../../../svc/api-gateway-service/config';
import { createApiGatewayService } from '../../../svc/api-gateway-service/server';
import { fakeBackends } from '../../support/fake-backends';
import { TestOAuth2Provider, startLogin } from '../../support/oauth2-provider';
import { testLogger } from '../../support/silent-logger';

const REDIS_URL = 'redis://127.0.0.1:6379';
const LIMIT = 20;

/**
 * Two gateway replicas, as a Deployment runs them: the same settings, the same Redis (under
 * this run's own prefix), the same services behind them, and nothing else in common.
 */
let provider: TestOAuth2Provider;
let first: FastifyInstance;
let second: FastifyInstance;
let backends: ReturnType<typeof fakeBackends>;
const stops: Array<() => Promise<void>> = [];
const dir = mkdtempSync(join(tmpdir(), 'dlk-replicas-'));
const prefix = `test-gateway-${randomUUID()}:`;

beforeAll(async () => {
  provider = await new TestOAuth2Provider().start();
  const secretFile = join(dir, 'client-secret');
  writeFileSync(secretFile, provider.clientSecret);
  const keysFile = join(dir, 'login-cookie-keys');
  writeFileSync(keysFile, `${randomBytes(32).toString('base64url')}\n`);
  const config = loadApiGatewayConfig({
    PORT: '0',
    DEV_LOGIN_ENABLED: 'true',
    RATE_LIMIT_PER_MINUTE: String(LIMIT),
    SESSION_CACHE_SECONDS: '5',
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    LOGIN_COOKIE_KEYS_FILE: keysFile,
    ...provider.gatewayEnv(secretFile),
  });
  backends = fakeBackends();
  const replicas = await Promise.all(
    [1, 2].map(() => createApiGatewayService(config, testLogger(), backends)),
  );
  [first, second] = replicas.map((replica) => replica.app);
  stops.push(...replicas.map((replica) => replica.stop));
  await Promise.all([first.ready(), second.ready()]);
});

afterAll(async () => {
  await Promise.all(stops.map((stop) => stop()));
  await provider.stop();
  rmSync(dir, { recursive: true, force: true });
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

async function devLogin(app: FastifyInstance, username: string, remoteAddress: string): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/v1/dev/login',
    remoteAddress,
    payload: { username, email: `${username}@example.com` },
  });
  expect(response.statusCode).toBe(200);
  return response.json().session;
}

describe('two gateway replicas on one Redis', () => {
  it('completes on the second a social login the first started', async () => {
    const { url, cookies } = await startLogin(first);
    const done = await second.inject({ method: 'GET', url, cookies });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ username: 'octocat', session: expect.any(String) });
  });

  it('completes on the second a command-line login the first started, and its code is redeemed once on either', async () => {
    const state = 'cli-state-0123456789abcdef';
    const { url, cookies } = await startLogin(first, { redirect_uri: 'http://[::1]:49152/callback', state });
    const done = await second.inject({ method: 'GET', url, cookies });
    expect(done.statusCode).toBe(302);
    const back = new URL(done.headers.location as string);
    expect(back.origin).toBe('http://[::1]:49152');
    const exchange = (replica: FastifyInstance) =>
      replica.inject({
        method: 'POST',
        url: '/login/exchange',
        payload: { code: back.searchParams.get('code'), state },
      });
    const traded = await exchange(first);
    expect(traded.statusCode).toBe(200);
    expect(traded.json()).toMatchObject({ username: 'octocat', session: expect.any(String) });
    const again = await exchange(second);
    expect([again.statusCode, again.json().error.code]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('share one rate-limit budget per address, which made-up bearer tokens cannot renew', async () => {
    const address = '198.51.100.10';
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 10; i++) {
      const replica = i % 2 === 0 ? first : second;
      const made = { authorization: `Bearer ${randomBytes(24).toString('base64url')}` };
      statuses.push(
        (await replica.inject({ method: 'GET', url: '/v1/me', remoteAddress: address, headers: made }))
          .statusCode,
      );
    }
    // Both replicas drew on one budget: LIMIT refusals of the made-up session, then 429s on both.
    expect(statuses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(401));
    expect(statuses.slice(LIMIT)).toEqual(Array(10).fill(429));
    // The address stays limited whatever it sends.
    const anonymous = await second.inject({ method: 'GET', url: '/v1/links', remoteAddress: address });
    expect(anonymous.statusCode).toBe(429);
    // Another address has its own budget.
    expect(
      (await first.inject({ method: 'GET', url: '/v1/me', remoteAddress: '198.51.100.11' })).statusCode,
    ).toBe(401);
  });

  it('count a signed-in user’s calls against the user, on every replica and from any address', async () => {
    const session = await devLogin(first, 'ratey', '198.51.100.20');
    const auth = { authorization: `Bearer ${session}` };
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++) {
      const replica = i % 2 === 0 ? first : second;
      statuses.push(
        (
          await replica.inject({
            method: 'GET',
            url: '/v1/me',
            remoteAddress: `203.0.113.${i}`,
            headers: auth,
          })
        ).statusCode,
      );
    }
    expect(statuses).toEqual([...Array(LIMIT).fill(200), 429, 429]);
    // Their address is not charged for it.
    expect(
      (await first.inject({ method: 'GET', url: '/v1/me', remoteAddress: '203.0.113.0' })).statusCode,
    ).toBe(401);
  });

  it('refuse on the second, within 1 s, a session logged out on the first', async () => {
    const session = await devLogin(first, 'leaver', '198.51.100.30');
    const auth = { authorization: `Bearer ${session}` };
    const me = (app: FastifyInstance) =>
      app.inject({ method: 'GET', url: '/v1/me', remoteAddress: '198.51.100.31', headers: auth });
    // The second replica has the session cached (SESSION_CACHE_SECONDS=5).
    expect((await me(second)).statusCode).toBe(200);
    const out = await first.inject({
      method: 'POST',
      url: '/logout',
      remoteAddress: '198.51.100.30',
      headers: auth,
    });
    expect(out.statusCode).toBe(204);
    const deadline = Date.now() + 1000;
    let status = (await me(second)).statusCode;
    while (status === 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      status = (await me(second)).statusCode;
    }
    expect(status).toBe(401);
  });

  it('keep their counters in Redis under their own prefix', async () => {
    const redis = new Redis(REDIS_URL);
    try {
      expect((await redis.keys(`${prefix}rate-limit:*`)).length).toBeGreaterThan(0);
      // A redeemed login code leaves nothing behind.
      expect(await redis.keys(`${prefix}login-code:*`)).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });
});
