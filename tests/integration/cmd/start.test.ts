import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('turns on Node’s module compile cache (Node 22.1+) before it loads any of the system’s modules', async () => {
    // Node 20 has no module.enableCompileCache: a --require stub stands in for it and
    // records when it is called; an invalid PORT_OFFSET ends the start once every module
    // of the system is loaded.
    const dir = mkdtempSync(join(tmpdir(), 'dlk-compile-cache-'));
    try {
      const record = join(dir, 'record');
      const stub = join(dir, 'stub.cjs');
      writeFileSync(
        stub,
        `const fs = require('node:fs');
require('node:module').enableCompileCache = (...args) => {
  fs.writeFileSync(${JSON.stringify(record)}, JSON.stringify({ args, loaded: Object.keys(require.cache).filter((p) => p.includes('/dist/')) }) + '\\n');
};
process.on('exit', () => fs.appendFileSync(${JSON.stringify(record)}, JSON.stringify({ systemLoaded: Object.keys(require.cache).some((p) => p.endsWith('dist/cmd/start-all/main.js')) })));
`,
      );
      const child = execFile(process.execPath, ['--require', stub, 'cmd/start.mjs'], {
        env: { ...process.env, PORT_OFFSET: 'not-a-number', DATA_DIR: join(dir, 'data') },
      });
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(1);
      const [called, atExit] = readFileSync(record, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(called).toEqual({ args: [], loaded: [] });
      expect(atExit).toEqual({ systemLoaded: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
