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
import { loadHealthProto } from '../../../pb/protos';
import { testLogger } from '../../support/silent-logger';
import { eventually, linkEvent, sparePort, wholeFeed } from './helpers';

const NATS_URL = 'nats://127.0.0.1:4222';
const REDIS_URL = 'redis://127.0.0.1:6379';
const FOLLOWERS = ['p1', 'p2', 'p3', 'p4'];

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
    socialGraph = createServer((request, response) => {
      const followers = request.url === '/followers/writer' ? FOLLOWERS : [];
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ followers }));
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
        NATS_URL,
        NATS_NAMESPACE: namespace,
        REDIS_URL,
        REDIS_KEY_PREFIX: keyPrefix,
        SOCIAL_GRAPH_URL: socialGraphUrl,
        FAN_OUT_BATCH_SIZE: '2',
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

  it('serves GetNews and the health check, survives SIGKILL mid-stream with nothing lost or duplicated, and exits 0 on SIGTERM', async () => {
    let child = start();
    const client = new NewsManagerClient({ address: `127.0.0.1:${port}`, timeoutMs: 2000 });
    try {
      await ready();
      const Health = loadHealthProto().grpc.health.v1.Health;
      const health = new Health(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
      const status = await new Promise((resolve, reject) =>
        health.Check({ service: '' }, (error, response) =>
          error ? reject(error) : resolve(response?.status),
        ),
      );
      health.close();
      expect(status).toBe('SERVING');

      const events = Array.from({ length: 40 }, (_, i) => linkEvent('writer', `https://proc.example/${i}`));
      for (const [i, event] of events.entries()) {
        await publisher.publish('links.added', event, { msgId: event.id });
        if (i === 15) {
          // Killed, not stopped: whatever it was fanning out is redelivered to the next process.
          child.kill('SIGKILL');
          await once(child, 'exit');
          child = start();
        }
      }
      await ready();
      const expected = events.map((e) => e.link.url).reverse();
      // Messages the killed process held unacked come back after JetStream's ack wait (30 s).
      await eventually(
        () => wholeFeed(client, 'p1'),
        (feed) => feed.length >= expected.length,
        60_000,
      );
      // Each event exactly once. Events the killed process held come back after newer ones,
      // so a feed is in arrival order there, not strictly by time.
      for (const follower of FOLLOWERS) {
        const feed = await wholeFeed(client, follower);
        expect(feed).toHaveLength(expected.length);
        expect([...feed].sort()).toEqual([...expected].sort());
      }
    } finally {
      client.close();
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  }, 90_000);
});
