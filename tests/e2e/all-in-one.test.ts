import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PublicApi, runUserJourney, startTestSite } from '../support/user-journey';

// `npm start` as a newcomer runs it (npm test builds first), on ports shifted away from the defaults.
const PORT_OFFSET = 21000;
const gateway = `http://127.0.0.1:${5000 + PORT_OFFSET}`;
const dataDir = mkdtempSync(join(tmpdir(), 'dlk-all-in-one-'));
let system: ChildProcess;
let output = '';
let site: Awaited<ReturnType<typeof startTestSite>>;

beforeAll(async () => {
  site = await startTestSite();
  system = spawn(process.execPath, ['dist/cmd/start-all/main.js'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT_OFFSET: String(PORT_OFFSET), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  system.stdout!.on('data', (chunk) => (output += chunk));
  system.stderr!.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 60_000;
  while (!output.includes('Press Ctrl-C to stop.')) {
    if (Date.now() > deadline || system.exitCode !== null)
      throw new Error(`the system did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 90_000);

afterAll(async () => {
  if (system.exitCode === null) {
    const exited = once(system, 'exit');
    system.kill('SIGINT');
    await exited;
  }
  await site.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function devLogin(api: PublicApi, username: string): Promise<string> {
  const response = await api.call<{ session: string }>('POST', '/v1/dev/login', {
    username,
    email: `${username}@example.com`,
  });
  expect(response.status).toBe(200);
  return response.body.session;
}

describe('npm start: the whole system in one process', () => {
  it('prints where to go and how to log in', () => {
    expect(output).toContain(`Delinkcious is running: http://localhost:${5000 + PORT_OFFSET}`);
    expect(output).toContain('/v1/dev/login');
  });

  it('serves the user journey through the public API', async () => {
    const api = new PublicApi(gateway);
    await runUserJourney(api, { ann: await devLogin(api, 'ann'), bob: await devLogin(api, 'bob') }, site.url);
  }, 60_000);

  it('stops cleanly on Ctrl-C', async () => {
    const exited = once(system, 'exit');
    system.kill('SIGINT');
    const [code] = await exited;
    expect(code).toBe(0);
  });
});
