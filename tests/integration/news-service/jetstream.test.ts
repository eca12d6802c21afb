import { LINK_EVENT_STREAMS } from '../../../pkg/object-model';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { JetStreamEventBus } from '../../../pkg/events';
import { NewsManagerClient } from '../../../pkg/news-client';
import { createNewsService, type NewsServiceHandle } from '../../../svc/news-service/server';
import { FakeSocialGraph } from '../../unit/news-manager/fake-social-graph';
import { testLogger } from '../../support/silent-logger';
import { eventually, linkEvent, testConfig, wholeFeed } from './helpers';

const NATS_URL = 'nats://127.0.0.1:4222';
const REDIS_URL = 'redis://127.0.0.1:6379';

describe('news-service on JetStream and Redis', () => {
  const namespace = `newstest_${randomUUID().slice(0, 8)}`;
  const keyPrefix = `test-news-${randomUUID()}:`;
  const publisher = new JetStreamEventBus({
    streams: LINK_EVENT_STREAMS,
    servers: NATS_URL,
    namespace,
    logger: testLogger(),
  });
  const graph = new FakeSocialGraph();
  const followers = ['r1', 'r2', 'r3'];

  async function start(): Promise<{ handle: NewsServiceHandle; client: NewsManagerClient }> {
    const config = testConfig({
      NATS_URL,
      NATS_NAMESPACE: namespace,
      REDIS_URL,
      REDIS_KEY_PREFIX: keyPrefix,
    });
    const handle = await createNewsService(config, testLogger(), { socialGraph: graph });
    const port = await handle.grpc.listen(0, '127.0.0.1');
    return { handle, client: new NewsManagerClient({ address: `127.0.0.1:${port}` }) };
  }

  beforeAll(async () => {
    for (const follower of followers) await graph.follow({ followed: 'writer', follower });
  });
  afterAll(async () => {
    await publisher.deleteStreams();
    await publisher.close();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('resumes its durable consumer after a restart: events sent while it was down arrive, each exactly once', async () => {
    const urls = Array.from({ length: 30 }, (_, i) => `https://js.example/${i}`);
    let current = await start();
    try {
      const events = urls.map((url, i) =>
        linkEvent('writer', url, i % 3 === 2 ? 'LINK_DELETED' : 'LINK_ADDED'),
      );
      for (const [i, event] of events.entries()) {
        const subject = event.type === 'LINK_DELETED' ? 'links.deleted' : 'links.added';
        await publisher.publish(subject, event, { msgId: event.id });
        if (i === 12) {
          // Stopped once the first events are in; the rest are published while no news
          // service runs and wait in the stream for the durable consumer.
          await eventually(
            () => wholeFeed(current.client, 'r1'),
            (feed) => feed.length === 13,
          );
          current.client.close();
          await current.handle.stop();
        }
      }
      // A publisher retrying an event it already sent: JetStream drops it by id.
      await publisher.publish('links.deleted', events[29], { msgId: events[29].id });
      current = await start();
      const feed = await eventually(
        () => wholeFeed(current.client, 'r1'),
        (urlsInFeed) => urlsInFeed.length >= urls.length,
        20_000,
      );
      expect(feed).toEqual([...urls].reverse());
      for (const follower of followers)
        expect(await wholeFeed(current.client, follower)).toEqual([...urls].reverse());
    } finally {
      current.client.close();
      await current.handle.stop();
    }
  });
});
