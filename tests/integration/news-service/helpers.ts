import { spawn, type ChildProcess } from 'node:child_process';
import Redis from 'ioredis';
import type { NewsManager } from '../../../pkg/object-model';
import { loadNewsServiceConfig } from '../../../svc/news-service/config';

export { linkEvent } from '../../support/link-event';
export { sparePort } from '../../support/nats';

export function testConfig(env: Record<string, string> = {}) {
  return loadNewsServiceConfig({
    PORT: '0',
    ADMIN_PORT: '0',
    CALLER_AUTH_DISABLED: 'true',
    SOCIAL_GRAPH_URL: 'http://127.0.0.1:1',
    LOG_LEVEL: 'silent',
    ...env,
  });
}

/** Every url in a feed, newest first, walking all its pages. */
export async function wholeFeed(news: NewsManager, username: string): Promise<string[]> {
  const urls: string[] = [];
  let startToken: string | undefined;
  do {
    const page = await news.getNews({ username, startToken });
    urls.push(...page.events.map((e) => e.url));
    startToken = page.nextToken;
  } while (startToken);
  return urls;
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
