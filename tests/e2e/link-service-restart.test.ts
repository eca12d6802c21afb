import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { FastifyInstance } from 'fastify';
import { LinkManagerClient } from '../../pkg/link-client';
import { loadApiGatewayConfig } from '../../svc/api-gateway-service/config';
import { createApiGatewayService } from '../../svc/api-gateway-service/server';
import { fakeBackends } from '../support/fake-backends';
import { sparePort } from '../support/nats';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { testLogger } from '../support/silent-logger';

// The link service runs as its own process (`node dist/...`, as in a container) on real
// Postgres; two gateways call it side by side: one with the clients' defaults, one with the
// 5 s half-open wait they had before. The link service is restarted under a steady stream of
// writes, and the test prints how long writes failed through each gateway.

const WRITE_EVERY_MS = 25;

let database: TestDatabase;
let port = 0;
let linkService: ChildProcess | undefined;
let output = '';

async function startLinkService(): Promise<void> {
  const child = spawn(process.execPath, ['dist/svc/link-service/main.js'], {
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      CALLER_AUTH_DISABLED: 'true',
      PORT: String(port),
      DATABASE_URL: database.url,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  linkService = child;
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
}

/** When the link service answers /readyz (it is ready to serve), polled every 10 ms. */
async function readyAt(): Promise<number> {
  for (let i = 0; i < 1000; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return Date.now();
    if (linkService?.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`link-service did not become ready:\n${output}`);
}

async function stopLinkService(): Promise<void> {
  const child = linkService;
  if (!child || child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

interface Gateway {
  name: string;
  app: FastifyInstance;
  stop: () => Promise<void>;
  session: string;
}

async function gatewayWith(name: string, halfOpenAfterMs?: number): Promise<Gateway> {
  const backends = {
    ...fakeBackends(),
    links: new LinkManagerClient({ baseUrl: `http://127.0.0.1:${port}`, halfOpenAfterMs }),
  };
  const config = loadApiGatewayConfig({
    PORT: '0',
    DEV_LOGIN_ENABLED: 'true',
    RATE_LIMIT_PER_MINUTE: '100000',
  });
  const { app, stop } = await createApiGatewayService(config, testLogger(), backends);
  const login = await app.inject({
    method: 'POST',
    url: '/v1/dev/login',
    payload: { username: name, email: `${name}@example.com` },
  });
  return { name, app, stop, session: login.json().session };
}

let written = 0;
function write(gateway: Gateway): Promise<number> {
  written += 1;
  return gateway.app
    .inject({
      method: 'POST',
      url: '/v1/links',
      headers: { authorization: `Bearer ${gateway.session}` },
      payload: { url: `https://restart.example/${gateway.name}/${written}`, title: 'restart' },
    })
    .then((response) => response.statusCode);
}

/** Writes every WRITE_EVERY_MS until `stopAt()`; the times of the first failure and of the first success after it. */
async function writeThrough(gateway: Gateway, done: () => boolean) {
  let firstFailure: number | undefined;
  let recovered: number | undefined;
  const statuses = new Map<number, number>();
  while (!done() || (firstFailure !== undefined && recovered === undefined)) {
    const status = await write(gateway);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    if (status !== 201 && firstFailure === undefined) firstFailure = Date.now();
    if (status === 201 && firstFailure !== undefined && recovered === undefined) recovered = Date.now();
    if (firstFailure !== undefined && Date.now() - firstFailure > 20_000) break;
    await new Promise((resolve) => setTimeout(resolve, WRITE_EVERY_MS));
  }
  return { firstFailure, recovered, statuses };
}

beforeAll(async () => {
  database = await createTestDatabase('restart_links');
  port = await sparePort();
  await startLinkService();
  await readyAt();
}, 60_000);

afterAll(async () => {
  await stopLinkService();
  await database.drop();
});

describe('a link-service restart behind the gateway', () => {
  it('a flood of refused requests does not open the circuit', async () => {
    const gateway = await gatewayWith('flood');
    try {
      for (let i = 0; i < 30; i++) {
        const missing = await gateway.app.inject({
          method: 'PUT',
          url: '/v1/links',
          headers: { authorization: `Bearer ${gateway.session}` },
          payload: { url: `https://missing.example/${i}`, title: 'x' },
        });
        expect(missing.statusCode).toBe(404);
      }
      expect(await write(gateway)).toBe(201);
    } finally {
      await gateway.stop();
    }
  });

  it('writes work again within about a second of the service being ready', async () => {
    const now = await gatewayWith('now');
    const before = await gatewayWith('before', 5000);
    try {
      expect(await write(now)).toBe(201);
      expect(await write(before)).toBe(201);
      let restarted = false;
      const writers = Promise.all([now, before].map((gateway) => writeThrough(gateway, () => restarted)));

      await new Promise((resolve) => setTimeout(resolve, 200));
      const stoppedAt = Date.now();
      await stopLinkService();
      await startLinkService();
      const ready = await readyAt();
      restarted = true;
      const [current, old] = await writers;

      const report = (name: string, result: Awaited<ReturnType<typeof writeThrough>>) =>
        `  ${name.padEnd(26)} writes failed for ${result.recovered! - result.firstFailure!} ms, ` +
        `served ${result.recovered! - ready} ms after ready (answers: ${JSON.stringify(Object.fromEntries(result.statuses))})`;
      process.stdout.write(
        [
          '',
          `link-service restart: ready ${ready - stoppedAt} ms after it was stopped`,
          report('half-open after 1 s (now)', current),
          report('half-open after 5 s (before)', old),
          '',
        ].join('\n'),
      );
      expect(current.firstFailure).toBeDefined();
      expect(current.recovered).toBeDefined();
      // One probe per second at most: served within a second of ready, with room for a busy machine.
      expect(current.recovered! - ready).toBeLessThan(1500);
      // Every failure was the clear 503 of an unavailable dependency, never a 500.
      expect([...current.statuses.keys()].sort()).toEqual([201, 503]);
    } finally {
      await now.stop();
      await before.stop();
    }
  }, 60_000);
});
