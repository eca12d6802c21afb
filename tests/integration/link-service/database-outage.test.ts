import type { FastifyInstance } from 'fastify';
import { loadLinkServiceConfig } from '../../../svc/link-service/config';
import { createLinkService } from '../../../svc/link-service/server';
import { POSTGRES_ADMIN_URL, createTestDatabase, type TestDatabase } from '../../support/postgres';
import { testLogger } from '../../support/silent-logger';
import { TcpProxy } from '../../support/tcp-proxy';

let database: TestDatabase;
let proxy: TcpProxy;
let app: FastifyInstance;
let stop: () => Promise<void>;
let base: string;

beforeAll(async () => {
  database = await createTestDatabase('link_outage');
  proxy = new TcpProxy(Number(new URL(POSTGRES_ADMIN_URL).port || 5432));
  await proxy.start();
  const viaProxy = new URL(database.url);
  viaProxy.port = String(proxy.port);
  const config = loadLinkServiceConfig({
    PORT: '0',
    CALLER_AUTH_DISABLED: 'true',
    DATABASE_URL: viaProxy.toString(),
  });
  ({ app, stop } = await createLinkService(config, testLogger()));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await stop();
  await proxy.cut();
  await database.drop();
});

const addLink = (url: string) =>
  fetch(`${base}/links`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'outage', url, title: 't' }),
  });

describe('link service while its database is down', () => {
  it('answers 503 with the SPEC body, reports not ready, and recovers with nothing lost', async () => {
    expect((await addLink('https://before.example/')).status).toBe(201);

    await proxy.cut();
    const failed = await addLink('https://during.example/');
    expect(failed.status).toBe(503);
    expect(await failed.json()).toEqual({
      error: { code: 'UNAVAILABLE', message: 'database is unavailable' },
    });
    const listed = await fetch(`${base}/links?username=outage`);
    expect(listed.status).toBe(503);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: { database: string } }).checks.database).toMatch(/^failed/);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);

    await proxy.restore();
    expect((await addLink('https://after.example/')).status).toBe(201);
    const { links } = (await fetch(`${base}/links?username=outage`).then((r) => r.json())) as {
      links: Array<{ url: string }>;
    };
    expect(links.map((l) => l.url)).toEqual(['https://after.example/', 'https://before.example/']);
  });
});
