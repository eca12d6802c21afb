import { LINK_EVENT_STREAMS } from '../../../pkg/object-model';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import Redis from 'ioredis';
import { JetStreamEventBus } from '../../../pkg/events';
import { NewsManagerClient } from '../../../pkg/news-client';
import { InvalidArgumentError } from '../../../pkg/object-model';
import { loadHealthProto } from '../../../pb/protos';
import { testLogger } from '../../support/silent-logger';
import { eventually, linkEvent, sparePort, wholeFeed } from './helpers';

const NATS_URL = 'nats://127.0.0.1:4222';
const REDIS_URL = 'redis://127.0.0.1:6379';
const FOLLOWERS = ['p1', 'p2', 'p3', 'p4'];
const FOLLOWERS_DELAY_MS = 40;
/** Short, so the events the killed process held come back within the test (the default is 30 s). */
const ACK_WAIT_MS = 5000;

// The service as a container runs it: `node dist/svc/news-service/main.js` (npm test builds first).
describe('news-service process on JetStream and Redis', () => {
  const namespace = `newsproc_${randomUUID().slice(0, 8)}`;
  const keyPrefix = `test-news-proc-${randomUUID()}:`;
  const publisher = new JetStreamEventBus({
    streams: LINK_EVENT_STREAMS,
    servers: NATS_URL,
    namespace,
    logger: testLogger(),
  });
  let socialGraph: Server;
  let socialGraphUrl: string;
  let port: number;
  let adminPort: number;

  beforeAll(async () => {
    // The social graph service, as far as the news service uses it.
    // Slow on purpose: events pile up in the consumer's batch, so a kill finds it holding many.
    socialGraph = createServer((request, response) => {
      const followers = request.url === '/followers/writer' ? FOLLOWERS : [];
      setTimeout(
        () =>
          response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ followers })),
        FOLLOWERS_DELAY_MS,
      );
    });
    await new Promise<void>((resolve) => socialGraph.listen(0, '127.0.0.1', resolve));
    socialGraphUrl = `http://127.0.0.1:${(socialGraph.address() as AddressInfo).port}`;
    port = await sparePort();
    adminPort = await sparePort();
  });
  afterAll(async () => {
    await new Promise((resolve) => socialGraph.close(resolve));
    await publisher.deleteStreams();
    await publisher.close();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  function start(): ChildProcess {
    return spawn(process.execPath, ['dist/svc/news-service/main.js'], {
      env: {
        ...process.env,
        LOG_LEVEL: 'warn',
        PORT: String(port),
        ADMIN_PORT: String(adminPort),
        CALLER_AUTH_DISABLED: 'true',
        NATS_URL,
        NATS_NAMESPACE: namespace,
        REDIS_URL,
        REDIS_KEY_PREFIX: keyPrefix,
        SOCIAL_GRAPH_URL: socialGraphUrl,
        FAN_OUT_BATCH_SIZE: '2',
        EVENT_ACK_WAIT_MS: String(ACK_WAIT_MS),
      },
      stdio: 'ignore',
    });
  }

  async function ready(): Promise<void> {
    await eventually(
      () => fetch(`http://127.0.0.1:${adminPort}/readyz`).then((r) => r.status),
      (status) => status === 200,
      15_000,
    );
  }

  /** The lag gauge of the news service's durable consumer, as /metrics shows it (undefined when absent). */
  async function lag(): Promise<number | undefined> {
    const text = await fetch(`http://127.0.0.1:${adminPort}/metrics`).then((r) => r.text());
    const line = /^delinkcious_event_consumer_pending\{[^}]*durable="news-service"[^}]*\} (\S+)$/m.exec(text);
    return line ? Number(line[1]) : undefined;
  }

  it('serves GetNews and the health check, survives SIGKILL while holding a batch with every feed in event-time order and nothing lost or duplicated, shows the lag meanwhile, and exits 0 on SIGTERM', async () => {
    let child = start();
    const client = new NewsManagerClient({ address: `127.0.0.1:${port}`, timeoutMs: 2000 });
    try {
      await ready();
      // The gauge exists from the start, before any event.
      expect(await lag()).toBe(0);
      const Health = loadHealthProto().grpc.health.v1.Health;
      const health = new Health(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
      const status = await new Promise((resolve, reject) =>
        health.Check({ service: '' }, (error, response) =>
          error ? reject(error) : resolve(response?.status),
        ),
      );
      health.close();
      expect(status).toBe('SERVING');

      const events = Array.from({ length: 60 }, (_, i) => linkEvent('writer', `https://proc.example/${i}`));
      for (const event of events.slice(0, 40))
        await publisher.publish('links.added', event, { msgId: event.id });
      // A few handled, the rest of the 40 delivered to it and held unacknowledged.
      await eventually(
        () => wholeFeed(client, 'p1'),
        (feed) => feed.length >= 3,
      );
      // Killed, not stopped: the batch it held is redelivered after the ack wait.
      child.kill('SIGKILL');
      await once(child, 'exit');
      child = start();
      await ready();
      // Newer events, published after the restart, are handled before the held ones return.
      for (const event of events.slice(40))
        await publisher.publish('links.added', event, { msgId: event.id });

      const expected = events.map((e) => e.link.url).reverse();
      const lagSeen: number[] = [];
      await eventually(
        async () => {
          lagSeen.push((await lag()) ?? -1);
          return wholeFeed(client, 'p1');
        },
        (feed) => feed.length >= expected.length,
        ACK_WAIT_MS * 4,
      );
      // While the held events waited for their redelivery, the gauge said so.
      expect(Math.max(...lagSeen)).toBeGreaterThan(0);
      await eventually(lag, (pending) => pending === 0);

      // Each event exactly once, and every feed newest first by when the change happened.
      for (const follower of FOLLOWERS) {
        const feed = await wholeFeed(client, follower);
        const outOfPlace = feed.filter((url, i) => url !== expected[i]).length;
        expect({ follower, outOfPlace, length: feed.length }).toEqual({
          follower,
          outOfPlace: 0,
          length: expected.length,
        });
      }

      // Bad page tokens are the caller's mistake: INVALID_ARGUMENT every time, Redis never
      // asked, and the client's breaker (5 failures) stays closed for the next good call.
      for (const text of ['news.v1:0-0', 'news.v1:99999999999999999999-0', 'news.v2:99999999999999999-x']) {
        for (let i = 0; i < 3; i++) {
          await expect(
            client.getNews({ username: 'p1', startToken: Buffer.from(text).toString('base64url') }),
          ).rejects.toBeInstanceOf(InvalidArgumentError);
        }
      }
      expect((await client.getNews({ username: 'p1' })).events).toHaveLength(20);
    } finally {
      client.close();
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  }, 90_000);
});
