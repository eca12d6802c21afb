import type { FastifyInstance } from 'fastify';
import { InMemoryEventBus, type Subscription } from '../../../pkg/events';
import { LINK_CHECKED_SUBJECT, type LinkCheckedEvent, type LinkEvent } from '../../../pkg/object-model';
import { loadLinkServiceConfig } from '../../../svc/link-service/config';
import { createLinkService } from '../../../svc/link-service/server';
import { eventually } from '../../support/event-bus-contract';
import { testLogger } from '../../support/silent-logger';

let bus: InMemoryEventBus;
let app: FastifyInstance;
let stop: () => Promise<void>;
let base: string;
let subscription: Subscription;
const events: LinkEvent[] = [];

beforeAll(async () => {
  bus = new InMemoryEventBus();
  subscription = await bus.consume<LinkEvent>(
    { durable: 'test', subjects: ['links.>'], maxDeliver: 1 },
    async (e) => {
      if (e.subject !== LINK_CHECKED_SUBJECT) events.push(e.data);
    },
  );
  // Embedded PGlite and an injected in-process bus: how the all-in-one launcher runs it.
  ({ app, stop } = await createLinkService(
    loadLinkServiceConfig({ PORT: '0', CALLER_AUTH_DISABLED: 'true' }),
    testLogger(),
    {
      eventBus: bus,
    },
  ));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await stop();
  await subscription.stop();
  await bus.close();
});

const json = (method: string, body: unknown) => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('link service events', () => {
  it('publishes added, updated and deleted events naming the author', async () => {
    await fetch(`${base}/links`, json('POST', { username: 'ev', url: 'https://e.example/', title: 'E' }));
    await fetch(`${base}/links`, json('PUT', { username: 'ev', url: 'https://e.example/', title: 'E2' }));
    await fetch(`${base}/links?username=ev&url=${encodeURIComponent('https://e.example/')}`, {
      method: 'DELETE',
    });
    await eventually(() => events.length === 3);
    expect(events.map((e) => [e.type, e.author, e.link.title])).toEqual([
      ['LINK_ADDED', 'ev', 'E'],
      ['LINK_UPDATED', 'ev', 'E2'],
      ['LINK_DELETED', 'ev', 'E2'],
    ]);
  });

  it('sets a link’s status from the link checker’s verdict', async () => {
    await fetch(
      `${base}/links`,
      json('POST', { username: 'ev', url: 'https://checked.example/', title: 'C' }),
    );
    const verdict: LinkCheckedEvent = {
      id: 'check-1',
      author: 'ev',
      url: 'https://checked.example/',
      status: 'invalid',
      reason: 'HTTP 404',
      checkedAt: new Date().toISOString(),
    };
    await bus.publish(LINK_CHECKED_SUBJECT, verdict, { msgId: verdict.id });
    const status = async () => {
      const page = (await fetch(`${base}/links?username=ev`).then((r) => r.json())) as {
        links: Array<{ status: string }>;
      };
      return page.links[0]?.status;
    };
    for (let i = 0; i < 100 && (await status()) !== 'invalid'; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(await status()).toBe('invalid');
  });
});
