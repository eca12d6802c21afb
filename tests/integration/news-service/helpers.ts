import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import Redis from 'ioredis';
import type { LinkEvent, NewsEventType } from '../../../pkg/object-model';
import { loadNewsServiceConfig } from '../../../svc/news-service/config';

export function testConfig(env: Record<string, string> = {}) {
  return loadNewsServiceConfig({
    PORT: '0',
    ADMIN_PORT: '0',
    SOCIAL_GRAPH_URL: 'http://127.0.0.1:1',
    LOG_LEVEL: 'silent',
    ...env,
  });
}

let counter = 0;
export function linkEvent(author: string, url: string, type: NewsEventType = 'LINK_ADDED'): LinkEvent {
  counter += 1;
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, 0, counter)).toISOString();
  return {
    id: `${process.pid}-${Date.now()}-${counter}`,
    type,
    author,
    occurredAt: at,
    link: {
      url,
      title: `title of ${url}`,
      description: '',
      tags: [],
      status: 'pending',
      createdAt: at,
      updatedAt: at,
    },
  };
}

export async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined && accept(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms (last: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function sparePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A redis-server of the test's own, with no persistence, that the test may kill. */
export class PrivateRedis {
  private child?: ChildProcess;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    const redis = new Redis(this.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    try {
      await eventually(
        async () => {
          await redis.connect().catch(() => undefined);
          return redis.ping();
        },
        (answer) => answer === 'PONG',
      );
    } finally {
      redis.disconnect();
    }
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}
