import { LINK_EVENT_STREAMS } from '../../pkg/object-model';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { writeTrustFiles } from '../../cmd/start-all/trust-files';
import { JetStreamEventBus } from '../../pkg/events';
import { NATS_URL, sparePort } from '../support/nats';
import { TestOAuth2Provider } from '../support/oauth2-provider';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { ServiceProcesses } from '../support/service-processes';
import { testLogger } from '../support/silent-logger';
import { PublicApi, runUserJourney, startTestSite } from '../support/user-journey';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const suffix = `${process.pid}_${Date.now()}`;
const namespace = `e2e_${suffix}`;
const redisPrefix = `e2e:${suffix}:`;
const dir = mkdtempSync(join(tmpdir(), 'dlk-e2e-'));
const services = new ServiceProcesses();
const databases: TestDatabase[] = [];
let provider: TestOAuth2Provider;
let site: Awaited<ReturnType<typeof startTestSite>>;
let gateway = '';

beforeAll(async () => {
  site = await startTestSite();
  provider = await new TestOAuth2Provider().start();
  const [links, users, social] = await Promise.all(
    ['e2e_links', 'e2e_users', 'e2e_social'].map(createTestDatabase),
  );
  databases.push(links, users, social);
  const trust = writeTrustFiles(join(dir, 'secrets'));
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

  await services.start(
    'user-service',
    { PORT: String(port.user), DATABASE_URL: users.url, ...trust.callerAuth, ...trust.signing },
    port.user,
  );
  await services.start(
    'social-graph-service',
    { PORT: String(port.social), DATABASE_URL: social.url, ...trust.callerAuth },
    port.social,
  );
  await services.start(
    'link-service',
    { PORT: String(port.link), DATABASE_URL: links.url, ...trust.callerAuth, ...events },
    port.link,
  );
  await services.start(
    'link-checker',
    { PORT: String(port.checker), ALLOW_PRIVATE_ADDRESSES: 'true', ...events },
    port.checker,
  );
  await services.start(
    'news-service',
    {
      PORT: String(port.news),
      ADMIN_PORT: String(port.newsAdmin),
      REDIS_URL,
      REDIS_KEY_PREFIX: redisPrefix,
      SOCIAL_GRAPH_URL: `http://127.0.0.1:${port.social}`,
      ...trust.callerTokenOf['news-service'],
      ...trust.callerAuth,
      ...events,
    },
    port.newsAdmin,
  );
  gateway = `http://127.0.0.1:${port.gateway}`;
  await services.start(
    'api-gateway-service',
    {
      PORT: String(port.gateway),
      LINK_SERVICE_URL: `http://127.0.0.1:${port.link}`,
      USER_SERVICE_URL: `http://127.0.0.1:${port.user}`,
      SOCIAL_GRAPH_URL: `http://127.0.0.1:${port.social}`,
      NEWS_SERVICE_ADDRESS: `127.0.0.1:${port.news}`,
      ...trust.callerTokenOf['api-gateway-service'],
      OAUTH_REDIRECT_URL: `${gateway}/login/callback`,
      REDIS_URL,
      REDIS_KEY_PREFIX: `${redisPrefix}gateway:`,
      ...provider.gatewayEnv(oauthSecret),
    },
    port.gateway,
  );
}, 120_000);

afterAll(async () => {
  await services.stopAll();
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

  it('has no development login unless enabled', async () => {
    const response = await fetch(`${gateway}/v1/dev/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'x', email: 'x@example.com' }),
    });
    expect(response.status).toBe(404);
  });
});
