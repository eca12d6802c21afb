import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `npm start` is `node cmd/start.mjs`: install check, build check and the system in one
// process. On ports of its own, with a data folder of its own.
const PORT_OFFSET = 26700;
const gateway = `http://127.0.0.1:${5000 + PORT_OFFSET}`;
let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'dlk-start-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm start (cmd/start.mjs)', () => {
  it('is what `npm start` runs', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(manifest.scripts.start).toBe('node cmd/start.mjs');
  });

  it('runs the whole system in its own process, which Ctrl-C stops cleanly', async () => {
    const system = spawn(process.execPath, ['cmd/start.mjs'], {
      env: { ...process.env, DATA_DIR: dataDir, PORT_OFFSET: String(PORT_OFFSET), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = once(system, 'exit');
    let output = '';
    system.stdout.on('data', (chunk) => (output += chunk));
    system.stderr.on('data', (chunk) => (output += chunk));
    try {
      const deadline = Date.now() + 60_000;
      while (!output.includes('Press Ctrl-C to stop.')) {
        if (Date.now() > deadline || system.exitCode !== null) throw new Error(`did not start:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const ready = await fetch(`${gateway}/readyz`);
      expect(ready.status).toBe(200);
    } finally {
      // Only this process is signalled: nothing else would stop the services if it did not run them.
      system.kill('SIGINT');
      await exited;
    }
    expect(system.exitCode).toBe(0);
    await expect(fetch(`${gateway}/readyz`)).rejects.toThrow();
  }, 90_000);
});
