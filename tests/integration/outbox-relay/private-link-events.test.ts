import type { FastifyInstance } from 'fastify';
import type { Subscription } from '../../../pkg/events';
import type { LinkEvent } from '../../../pkg/object-model';
import { loadLinkServiceConfig } from '../../../svc/link-service/config';
import { createLinkService } from '../../../svc/link-service/server';
import { eventually } from '../../support/event-bus-contract';
import { privateJetStreamBus } from '../../support/nats';
import { createTestDatabase, type TestDatabase } from '../../support/postgres';
import { testLogger } from '../../support/silent-logger';

// The link service on real Postgres relays its outbox to real NATS JetStream; whatever a
// consumer of links.> (the news service, the checker) receives is all that left the service.
let database: TestDatabase;
let events: ReturnType<typeof privateJetStreamBus>;
let app: FastifyInstance;
let stopService: () => Promise<void>;
let base: string;

beforeAll(async () => {
  database = await createTestDatabase('private_link_events');
  events = privateJetStreamBus();
  const config = loadLinkServiceConfig({
    PORT: '0',
    DATABASE_URL: database.url,
    CALLER_AUTH_DISABLED: 'true',
  });
  ({ app, stop: stopService } = await createLinkService(config, testLogger(), { eventBus: events.bus }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await stopService();
  await events.close();
  await database.drop();
});

async function call(method: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const query = method === 'DELETE' ? `?${new URLSearchParams(body as Record<string, string>)}` : '';
  const response = await fetch(`${base}/links${query}`, {
    method,
    headers: method === 'DELETE' ? {} : { 'content-type': 'application/json' },
    body: method === 'DELETE' ? undefined : JSON.stringify({ username: 'carol', ...body }),
  });
  expect(response.status).toBeLessThan(300);
  return response.status === 204 ? {} : ((await response.json()) as { link: Record<string, unknown> }).link;
}

describe('private links in the outbox', () => {
  it('relays nothing of a private link, a deletion when a link turns private, an addition when it turns public', async () => {
    const received: LinkEvent[] = [];
    let subscription: Subscription | undefined;
    try {
      subscription = await events.bus.consume<LinkEvent>(
        { durable: 'private-links-test', subjects: ['links.>'], maxDeliver: 3 },
        async (event) => {
          received.push(event.data);
        },
      );
      const secret = 'https://private.example/secret';
      const shared = 'https://private.example/shared';
      expect(await call('POST', { url: secret, title: 'Secret', private: true })).toMatchObject({
        private: true,
      });
      await call('PUT', { url: secret, title: 'Still secret', addTags: ['hidden'] });
      await call('DELETE', { username: 'carol', url: secret });
      expect(await call('POST', { url: shared, title: 'Shared' })).toMatchObject({ private: false });
      await call('PUT', { url: shared, title: 'Now hidden', private: true });
      await call('PUT', { url: shared, title: 'Public again', private: false });
      // A marker after everything: once it arrives, every earlier event has (the relay keeps order).
      await call('POST', { url: 'https://private.example/last', title: 'Last' });
      await eventually(() => received.some((e) => e.link.url.endsWith('/last')), 20_000);

      expect(received.map((e) => [e.type, e.link.url, e.link.title])).toEqual([
        ['LINK_ADDED', shared, 'Shared'],
        ['LINK_DELETED', shared, 'Shared'],
        ['LINK_ADDED', shared, 'Public again'],
        ['LINK_ADDED', 'https://private.example/last', 'Last'],
      ]);
      const wire = JSON.stringify(received);
      expect(wire).not.toContain(secret);
      expect(wire).not.toContain('Now hidden');
    } finally {
      await subscription?.stop();
    }
  }, 60_000);
});
