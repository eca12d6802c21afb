import { readFileSync } from 'node:fs';
import { startAllInOne } from '../../support/all-in-one';

// `npm start` is `node cmd/start.mjs`: install check, build check and the system in one
// process. On ports of its own, with a data folder of its own.
const PORT_OFFSET = 26700;

describe('npm start (cmd/start.mjs)', () => {
  it('is what `npm start` runs', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(manifest.scripts.start).toBe('node cmd/start.mjs');
  });

  it('runs the whole system in its own process, which Ctrl-C stops cleanly', async () => {
    const system = await startAllInOne(PORT_OFFSET, { script: 'cmd/start.mjs' });
    try {
      const ready = await fetch(`${system.gateway}/readyz`);
      expect(ready.status).toBe(200);
    } finally {
      // Only this process is signalled: nothing else would stop the services if it did not run them.
      expect(await system.stop()).toBe(0);
    }
    await expect(fetch(`${system.gateway}/readyz`)).rejects.toThrow();
  }, 90_000);
});
