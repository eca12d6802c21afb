import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemoryEventBus, type EventBus } from '../../../pkg/events';
import { loadLinkCheckerConfig } from '../../../svc/link-checker/config';
import { createLinkCheckerService } from '../../../svc/link-checker/server';
import { loadLinkServiceConfig } from '../../../svc/link-service/config';
import { createLinkService } from '../../../svc/link-service/server';
import { privateJetStreamBus } from '../../support/nats';
import { testLogger } from '../../support/silent-logger';

let site: Server;
let siteUrl: string;
beforeAll(async () => {
  site = createServer((req, res) => {
    res.statusCode = req.url === '/missing' ? 404 : 200;
    res.end();
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
});
afterAll(async () => {
  site.closeAllConnections();
  await new Promise((resolve) => site.close(resolve));
});

async function runFlow(bus: EventBus) {
  const links = await createLinkService(
    loadLinkServiceConfig({ PORT: '0', CALLER_AUTH_DISABLED: 'true' }),
    testLogger(),
    {
      eventBus: bus,
    },
  );
  const checker = await createLinkCheckerService(
    loadLinkCheckerConfig({ PORT: '0', ALLOW_PRIVATE_ADDRESSES: 'true', CALLER_AUTH_DISABLED: 'true' }),
    testLogger(),
    { eventBus: bus },
  );
  try {
    const base = await links.app.listen({ port: 0, host: '127.0.0.1' });
    for (const path of ['/fine', '/missing']) {
      const response = await fetch(`${base}/links`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'flow', url: `${siteUrl}${path}`, title: path }),
      });
      expect(response.status).toBe(201);
    }
    const statuses = async () => {
      const page = (await fetch(`${base}/links?username=flow`).then((r) => r.json())) as {
        links: Array<{ title: string; status: string }>;
      };
      return Object.fromEntries(page.links.map((l) => [l.title, l.status]));
    };
    for (let i = 0; i < 200; i++) {
      const now = await statuses();
      if (now['/fine'] !== 'pending' && now['/missing'] !== 'pending') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await statuses()).toEqual({ '/fine': 'valid', '/missing': 'invalid' });
    // Why, and when: the checker's reason and time are kept on the link.
    const missing = (
      (await fetch(`${base}/links?username=flow&q=missing`).then((r) => r.json())) as {
        links: Array<{ checkReason?: string; checkedAt?: string }>;
      }
    ).links[0];
    expect(missing.checkReason).toBe('HTTP 404');
    expect(Date.parse(missing.checkedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    // The verdicts went through the instrumented service: counted like any other call.
    const metrics = await fetch(`${base}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(
      /delinkcious_service_calls_total\{[^}]*method="setLinkStatus",outcome="ok"[^}]*\} 2/,
    );

    const trigger = await checker.app.inject({
      method: 'POST',
      url: '/check',
      payload: { url: `${siteUrl}/missing` },
    });
    expect(trigger.json()).toEqual({ status: 'invalid', reason: 'HTTP 404' });
  } finally {
    await links.stop();
    await checker.stop();
  }
}

describe('link status: link service → link checker → link service', () => {
  it('turns valid or invalid over the in-process bus', async () => {
    const bus = new InMemoryEventBus();
    try {
      await runFlow(bus);
    } finally {
      await bus.close();
    }
    // Two services with their own PGlite each: over 30 s on a loaded machine.
  }, 60_000);

  it('turns valid or invalid over NATS JetStream', async () => {
    const { bus, close } = privateJetStreamBus();
    try {
      await runFlow(bus);
    } finally {
      await close();
    }
  }, 60_000);
});
