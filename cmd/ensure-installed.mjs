#!/usr/bin/env node
// Run first by `npm start` and `npm test`, so both work on a fresh clone with nothing typed
// before them. Plain JavaScript with no dependencies: it runs before any are installed.
//
//   node cmd/ensure-installed.mjs            installs the npm dependencies when missing or stale
//   node cmd/ensure-installed.mjs --browser  also Debian's Chromium, for the web app's browser tests
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const say = (line) => process.stderr.write(`${line}\n`);

function run(command, args, what) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    say(`could not ${what}: \`${command} ${args.join(' ')}\` failed; run it yourself to see why`);
    process.exit(1);
  }
}

/**
 * npm records what it installed in node_modules/.package-lock.json: when that is missing or
 * older than package-lock.json (a fresh clone, or a pull that changed the dependencies), the
 * exact versions of the lock file are installed.
 */
function npmDependencies() {
  const lock = join(root, 'package-lock.json');
  const installed = join(root, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  say(
    existsSync(installed)
      ? 'package-lock.json changed since the last install: installing its versions (npm ci) …'
      : 'dependencies are not installed yet: installing them (npm ci, about a minute) …',
  );
  run('npm', ['ci', '--no-audit', '--no-fund'], 'install the dependencies');
}

const executable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The browser tests drive Debian's Chromium (playwright-core never downloads one). */
function chromium() {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (executable(path)) return;
  const canInstall = process.getuid?.() === 0 && executable('/usr/bin/apt-get') && !process.env.CHROMIUM_PATH;
  if (!canInstall) {
    say(
      `${path} is missing: the web app's browser tests will fail (install it: sudo apt-get install chromium)`,
    );
    return;
  }
  say("installing Debian's chromium for the web app's browser tests (apt-get, a few minutes) …");
  run('apt-get', ['update', '-qq'], 'update the package lists');
  spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (!executable(path)) {
    say("could not install chromium with apt-get; the web app's browser tests will fail");
  }
}

npmDependencies();
if (process.argv.includes('--browser')) chromium();
