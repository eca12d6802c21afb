import { LINK_EVENT_STREAMS } from '../../pkg/object-model';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { writeCallerTokens } from '../../cmd/start-all/caller-tokens';
import { JetStreamEventBus } from '../../pkg/events';
import { NATS_URL, sparePort } from '../support/nats';
import { TestOAuth2Provider } from '../support/oauth2-provider';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { testLogger } from '../support/silent-logger';
import { runPrivateLinkJourney } from '../support/private-link-journey';
import { PublicApi, runUserJourney, startTestSite } from '../support/user-journey';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const suffix = `${process.pid}_${Date.now()}`;
const namespace = `e2e_${suffix}`;
const redisPrefix = `e2e:${suffix}:`;
const dir = mkdtempSync(join(tmpdir(), 'dlk-e2e-'));
const children: ChildProcess[] = [];
const logs: Record<string, string> = {};
const databases: TestDatabase[] = [];
let provider: TestOAuth2Provider;
let site: Awaited<ReturnType<typeof startTestSite>>;
let gateway = '';

/** Starts `node dist/svc/<name>/main.js` as a container would, and waits for /healthz. */
async function startService(name: string, env: Record<string, string>, healthPort: number): Promise<void> {
  const child = spawn(process.execPath, [`dist/svc/${name}/main.js`], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  logs[name] = '';
  child.stdout!.on('data', (chunk) => (logs[name] += chunk));
  child.stderr!.on('data', (chunk) => (logs[name] += chunk));
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(`http://127.0.0.1:${healthPort}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${name} did not start:\n${logs[name]}`);
}

beforeAll(async () => {
  site = await startTestSite();
  provider = await new TestOAuth2Provider().start();
  const [links, users, social] = await Promise.all(
    ['e2e_links', 'e2e_users', 'e2e_social'].map(createTestDatabase),
  );
  databases.push(links, users, social);
  const { tokensFile, tokenFileOf } = writeCallerTokens(join(dir, 'secrets'), [
    'news-service',
    'api-gateway-service',
  ]);
  const oauthSecret = join(dir, 'oauth-client-secret');
  writeFileSync(oauthSecret, provider.clientSecret);
  const port = {
    link: await sparePort(),
    user: await sparePort(),
    social: await sparePort(),
    news: await sparePort(),
    newsAdmin: await sparePort(),
    checker: await sparePort(),
    gateway: await sparePort(),
  };
  const events = { NATS_URL, NATS_NAMESPACE: namespace };

  await startService('user-service', { PORT: String(port.user), DATABASE_URL: users.url }, port.user);
  await startService(
    'social-graph-service',
    { PORT: String(port.social), DATABASE_URL: social.url, CALLER_TOKENS_FILE: tokensFile },
    port.social,
  );
  await startService(
    'link-service',
    { PORT: String(port.link), DATABASE_URL: links.url, ...events },
    port.link,
  );
  await startService(
    'link-checker',
    { PORT: String(port.checker), ALLOW_PRIVATE_ADDRESSES: 'true', ...events },
    port.checker,
  );
  await startService(
    'news-service',
    {
      PORT: String(port.news),
      ADMIN_PORT: String(port.newsAdmin),
      REDIS_URL,
      REDIS_KEY_PREFIX: redisPrefix,
      SOCIAL_GRAPH_URL: `http://127.0.0.1:${port.social}`,
      CALLER_TOKEN_FILE: tokenFileOf['news-service'],
      ...events,
    },
    port.newsAdmin,
  );
  gateway = `http://127.0.0.1:${port.gateway}`;
  await startService(
    'api-gateway-service',
    {
      PORT: String(port.gateway),
      LINK_SERVICE_URL: `http://127.0.0.1:${port.link}`,
      USER_SERVICE_URL: `http://127.0.0.1:${port.user}`,
      SOCIAL_GRAPH_URL: `http://127.0.0.1:${port.social}`,
      NEWS_SERVICE_ADDRESS: `127.0.0.1:${port.news}`,
      CALLER_TOKEN_FILE: tokenFileOf['api-gateway-service'],
      OAUTH_REDIRECT_URL: `${gateway}/login/callback`,
      REDIS_URL,
      REDIS_KEY_PREFIX: `${redisPrefix}gateway:`,
      ...provider.gatewayEnv(oauthSecret),
    },
    port.gateway,
  );
}, 120_000);

afterAll(async () => {
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }),
  );
  await Promise.all(databases.map((db) => db.drop()));
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${redisPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  const bus = new JetStreamEventBus({
    streams: LINK_EVENT_STREAMS,
    servers: NATS_URL,
    namespace,
    logger: testLogger(),
  });
  await bus.deleteStreams();
  await bus.close();
  await provider?.stop();
  await site?.close();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

/** The browser's part of social login: /login → provider → /login/callback. */
async function socialLogin(login: string): Promise<string> {
  provider.user = { login, email: `${login}@example.com` };
  const start = await fetch(`${gateway}/login`, { redirect: 'manual' });
  const atProvider = await fetch(start.headers.get('location')!, { redirect: 'manual' });
  // The browser sends back the login cookie that GET /login set.
  const cookie = start.headers.getSetCookie().map((set) => set.split(';')[0]);
  const callback = await fetch(atProvider.headers.get('location')!, {
    headers: { cookie: cookie.join('; ') },
  });
  expect(callback.status).toBe(200);
  const body = (await callback.json()) as { session: string; username: string };
  expect(body.username).toBe(login);
  return body.session;
}

describe('every service in its own process, on real Postgres, Redis and NATS', () => {
  it('serves the user journey through the public API, logged in through OAuth2', async () => {
    const api = new PublicApi(gateway);
    await runUserJourney(
      api,
      { ann: await socialLogin(`ann-${process.pid}`), bob: await socialLogin(`bob-${process.pid}`) },
      site.url,
    );
  }, 60_000);

  it('never shows a follower a private link', async () => {
    const sessions = {
      owner: await socialLogin(`cleo-${process.pid}`),
      follower: await socialLogin(`dora-${process.pid}`),
    };
    await runPrivateLinkJourney(new PublicApi(gateway), sessions, site.url);
  }, 60_000);

  it('has no development login unless enabled', async () => {
    const response = await fetch(`${gateway}/v1/dev/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'x', email: 'x@example.com' }),
    });
    expect(response.status).toBe(404);
  });
});
