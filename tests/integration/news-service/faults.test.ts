import { NewsManagerClient } from '../../../pkg/news-client';
import { UnavailableError } from '../../../pkg/object-model';
import { createNewsService, type NewsServiceHandle } from '../../../svc/news-service/server';
import { FakeSocialGraph } from '../../unit/news-manager/fake-social-graph';
import { testLogger } from '../../support/silent-logger';
import { DurableTestBus } from './durable-test-bus';
import { PrivateRedis, eventually, linkEvent, sparePort, testConfig, wholeFeed } from './helpers';

const FOLLOWERS = Array.from({ length: 20 }, (_, i) => `reader${i}`);

async function start(redisUrl: string, bus: DurableTestBus, graph: FakeSocialGraph) {
  const handle = await createNewsService(
    testConfig({
      REDIS_URL: redisUrl,
      EVENT_MAX_DELIVER: '1000',
      FAN_OUT_BATCH_SIZE: '7',
      NEWS_PAGE_SIZE: '9',
    }),
    testLogger(),
    { eventBus: bus, socialGraph: graph },
  );
  const port = await handle.grpc.listen(0, '127.0.0.1');
  const adminUrl = await handle.admin.listen({ port: 0, host: '127.0.0.1' });
  return {
    handle,
    client: new NewsManagerClient({ address: `127.0.0.1:${port}`, timeoutMs: 2000 }),
    adminUrl,
  };
}

describe('news-service faults (private redis-server)', () => {
  let redis: PrivateRedis;
  const graph = new FakeSocialGraph();
  const running: { handle: NewsServiceHandle; client: NewsManagerClient }[] = [];

  beforeAll(async () => {
    redis = new PrivateRedis(await sparePort());
    await redis.start();
    for (const follower of FOLLOWERS) await graph.follow({ followed: 'author', follower });
  });
  afterEach(async () => {
    for (const { handle, client } of running.splice(0)) {
      client.close();
      await handle.stop();
    }
  });
  afterAll(async () => {
    await redis.kill();
  });

  it('loses and duplicates nothing when the service is killed and restarted mid-stream', async () => {
    const bus = new DurableTestBus();
    const first = await start(redis.url, bus, graph);
    running.push(first);
    const urls = Array.from({ length: 60 }, (_, i) => `https://restart.example/${i}`);

    for (const [i, url] of urls.entries()) {
      const event = linkEvent('author', url);
      await bus.publish('links.added', event, { msgId: event.id });
      if (i === 25) {
        // Killed: its consumer dies with an event possibly half fanned out and not acked.
        bus.crashConsumers();
        running.push(await start(redis.url, bus, graph));
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }

    const reader = running[1].client;
    await eventually(
      () => wholeFeed(reader, 'reader0'),
      (feed) => feed.length >= urls.length,
    );
    await eventually(
      async () => bus.pending('news-service'),
      (pending) => pending === 0,
    );
    for (const follower of FOLLOWERS) {
      expect(await wholeFeed(reader, follower)).toEqual([...urls].reverse());
    }
  });

  it('answers UNAVAILABLE while Redis is down, holds the events, and writes each once when it is back', async () => {
    const bus = new DurableTestBus();
    const service = await start(redis.url, bus, graph);
    running.push(service);

    await redis.kill();
    await expect(service.client.getNews({ username: 'reader0' })).rejects.toBeInstanceOf(UnavailableError);
    expect((await fetch(`${service.adminUrl}/readyz`)).status).toBe(503);

    const urls = Array.from({ length: 10 }, (_, i) => `https://outage.example/${i}`);
    for (const url of urls) {
      const event = linkEvent('author', url, 'LINK_UPDATED');
      await bus.publish('links.updated', event, { msgId: event.id });
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bus.pending('news-service')).toBe(urls.length);

    // A fresh, empty Redis on the same port: the held events land, once each.
    await redis.start();
    await eventually(
      async () => bus.pending('news-service'),
      (pending) => pending === 0,
    );
    for (const follower of FOLLOWERS) {
      expect(await wholeFeed(service.client, follower)).toEqual([...urls].reverse());
    }
    expect((await fetch(`${service.adminUrl}/readyz`)).status).toBe(200);
  });
});
