import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { ConfigError } from '../../../pkg/kit';
import { loadNewsServiceConfig } from '../../../svc/news-service/config';

// The service as a container runs it: `node dist/svc/news-service/main.js` (npm test builds first).
function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['dist/svc/news-service/main.js'], {
    env: { ...process.env, LOG_LEVEL: 'warn', CALLER_AUTH_DISABLED: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return { child, stderr: () => stderr };
}

describe('news-service configuration', () => {
  it('has the documented defaults', () => {
    expect(
      loadNewsServiceConfig({
        SOCIAL_GRAPH_URL: 'http://social-graph-service:9090',
        CALLER_AUTH_DISABLED: 'true',
      }),
    ).toMatchObject({
      PORT: 6060,
      ADMIN_PORT: 6061,
      REDIS_KEY_PREFIX: 'news:',
      FEED_MAX_LENGTH: 1000,
      NEWS_PAGE_SIZE: 20,
      FAN_OUT_BATCH_SIZE: 500,
      EVENT_MAX_DELIVER: 10,
      EVENT_ACK_WAIT_MS: 30_000,
      LOG_LEVEL: 'info',
    });
  });

  it.each([
    [{}, /^invalid configuration: SOCIAL_GRAPH_URL is not set: /],
    [
      { SOCIAL_GRAPH_URL: 'http://sg:9090', REDIS_URL: 'http://redis' },
      /^invalid configuration: REDIS_URL is "http:\/\/redis": /,
    ],
    [
      { SOCIAL_GRAPH_URL: 'http://sg:9090', FEED_MAX_LENGTH: '0' },
      /^invalid configuration: FEED_MAX_LENGTH is "0": /,
    ],
  ])('names the bad setting in one line (%j)', (env, message) => {
    let caught: unknown;
    try {
      loadNewsServiceConfig(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).not.toContain('\n');
  });

  it('stops the process at start-up with one line naming a bad setting', async () => {
    const { child, stderr } = start({ PORT: 'grpc', SOCIAL_GRAPH_URL: 'http://127.0.0.1:1' });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr().trim()).toMatch(/^news-service: invalid configuration: PORT is "grpc": [^\n]+$/);
  });
});
