import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * `npm start` and `npm test` run cmd/ensure-installed.mjs first, so they work on a fresh
 * clone. Here on a project of its own with one local dependency (no registry needed).
 */
let project: string;

beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), 'dlk-ensure-installed-'));
  mkdirSync(join(project, 'cmd'));
  copyFileSync('cmd/ensure-installed.mjs', join(project, 'cmd', 'ensure-installed.mjs'));
  mkdirSync(join(project, 'helper'));
  writeFileSync(
    join(project, 'helper', 'package.json'),
    JSON.stringify({ name: 'helper', version: '1.0.0' }),
  );
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'fresh', version: '1.0.0', dependencies: { helper: 'file:./helper' } }),
  );
});
afterEach(() => rmSync(project, { recursive: true, force: true }));

const ensure = () => run(process.execPath, ['cmd/ensure-installed.mjs'], { cwd: project });
const lockNow = () =>
  run('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund'], { cwd: project });
const installed = () => join(project, 'node_modules', '.package-lock.json');

describe('cmd/ensure-installed.mjs', () => {
  it('installs the dependencies of a fresh clone, and says so', async () => {
    await lockNow();
    expect(existsSync(installed())).toBe(false);
    const { stderr } = await ensure();
    expect(stderr).toContain('dependencies are not installed yet: installing them (npm ci');
    expect(existsSync(join(project, 'node_modules', 'helper', 'package.json'))).toBe(true);
  }, 60_000);

  it('does nothing, silently, when the installed versions are those of the lock file', async () => {
    await lockNow();
    await ensure();
    const { stderr } = await ensure();
    expect(stderr).toBe('');
  }, 60_000);

  it('installs again when package-lock.json changed after the last install', async () => {
    await lockNow();
    await ensure();
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(project, 'package-lock.json'), later, later);
    const { stderr } = await ensure();
    expect(stderr).toContain('package-lock.json changed since the last install');
  }, 60_000);

  it('fails with one line naming the command when the install fails', async () => {
    // No lock file: npm ci refuses to install.
    const failed = await ensure().then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain(
      'could not install the dependencies: `npm ci --no-audit --no-fund` failed',
    );
  }, 60_000);
});
