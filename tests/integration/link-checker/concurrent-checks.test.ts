import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventBus } from '../../../pkg/events';
import { LINK_CHECKED_SUBJECT, LINK_EVENT_SUBJECTS, type LinkCheckedEvent } from '../../../pkg/object-model';
import { loadLinkCheckerConfig } from '../../../svc/link-checker/config';
import { createLinkCheckerService } from '../../../svc/link-checker/server';
import { linkEvent } from '../../support/link-event';
import { privateJetStreamBus } from '../../support/nats';
import { testLogger } from '../../support/silent-logger';

const ANSWER_AFTER_MS = 300;
const PER_HOST_INTERVAL_MS = 400;

/** One site per loopback address, so each is a host of its own to the checker. */
const sites: Server[] = [];
const arrivals: { host: string; at: number }[] = [];
let inFlight = 0;
let mostInFlight = 0;

async function site(address: string): Promise<string> {
  const server = createServer((req, res) => {
    arrivals.push({ host: address, at: performance.now() });
    mostInFlight = Math.max(mostInFlight, ++inFlight);
    setTimeout(() => {
      inFlight -= 1;
      res.end();
    }, ANSWER_AFTER_MS);
  });
  sites.push(server);
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  return `http://${address}:${(server.address() as AddressInfo).port}`;
}

afterAll(async () => {
  for (const server of sites) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

function verdicts(bus: EventBus, count: number): Promise<LinkCheckedEvent[]> {
  const received: LinkCheckedEvent[] = [];
  return new Promise((resolve) => {
    void bus.consume<LinkCheckedEvent>(
      { durable: 'verdicts', subjects: [LINK_CHECKED_SUBJECT], maxDeliver: 1 },
      async ({ data }) => {
        received.push(data);
        if (received.length === count) resolve(received);
      },
    );
  });
}

describe('link checker consumer', () => {
  it('checks links of different hosts at once, and keeps checks of one host apart', async () => {
    const { bus, close } = privateJetStreamBus();
    const checker = await createLinkCheckerService(
      loadLinkCheckerConfig({
        PORT: '0',
        ALLOW_PRIVATE_ADDRESSES: 'true',
        CHECK_CONCURRENCY: '4',
        PER_HOST_INTERVAL_MS: String(PER_HOST_INTERVAL_MS),
      }),
      testLogger(),
      { eventBus: bus },
    );
    try {
      const hosts = await Promise.all(['127.0.0.2', '127.0.0.3', '127.0.0.4'].map(site));
      const urls = [...hosts.map((host) => `${host}/one`), `${hosts[0]}/two`, `${hosts[0]}/three`];
      const done = verdicts(bus, urls.length);
      for (const url of urls) {
        const event = linkEvent('checker', url);
        await bus.publish(LINK_EVENT_SUBJECTS.LINK_ADDED, event, { msgId: event.id });
      }
      const results = await done;
      expect(results.map((r) => r.status)).toEqual(urls.map(() => 'valid'));

      // Three hosts answered at once: one slow site does not hold up the others.
      expect(mostInFlight).toBe(3);
      const firstHost = arrivals.filter((a) => a.host === '127.0.0.2').map((a) => a.at);
      expect(firstHost).toHaveLength(3);
      // Unspaced, the three would arrive together (four slots); spaced, they start about 400 ms
      // apart, 800 ms from first to last. On a busy machine one request can take long to reach the
      // site after its turn began, so two arrivals may bunch up; the span of all three cannot
      // shrink below one interval. The exact spacing is the unit test's.
      expect(firstHost[2] - firstHost[0]).toBeGreaterThanOrEqual(PER_HOST_INTERVAL_MS);
    } finally {
      await checker.stop();
      await close();
    }
  });
});
