import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createTestDatabase, type TestDatabase } from '../../support/postgres';

// The service as a container runs it: `node dist/svc/link-service/main.js` (npm test builds first).
function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['dist/svc/link-service/main.js'], {
    env: { ...process.env, LOG_LEVEL: 'warn', CALLER_AUTH_DISABLED: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return { child, stderr: () => stderr };
}

async function waitForHealthy(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('link-service did not become healthy');
}

describe('link-service process', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('link_process');
  });
  afterAll(async () => {
    await database.drop();
  });

  it('stops at start-up with one line naming a bad setting', async () => {
    const { child, stderr } = start({ PORT: 'http', DATABASE_URL: database.url });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr().trim()).toMatch(/^link-service: invalid configuration: PORT is "http": [^\n]+$/);
  });

  it('serves on Postgres and exits cleanly on SIGTERM', async () => {
    const port = 20000 + (process.pid % 10000);
    const { child } = start({ PORT: String(port), DATABASE_URL: database.url });
    try {
      await waitForHealthy(port);
      const added = await fetch(`http://127.0.0.1:${port}/links`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'proc', url: 'https://p.example/', title: 'p' }),
      });
      expect(added.status).toBe(201);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });
});
