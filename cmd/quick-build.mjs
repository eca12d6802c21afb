#!/usr/bin/env node
// `npm start`'s build. It only strips the types (esbuild, under a second for the whole server
// code) where `npm run build` type-checks with `tsc -b` (about 11 s on a fresh clone), and it
// builds nothing when dist/ is already newer than every source. Types are checked by
// `npm run build`, `npm run typecheck`, `npm test` and CI, never skipped.
//
//   node cmd/quick-build.mjs     compiles pkg, svc, cmd and pb to dist/ and bundles the web app
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (path) => join(root, path);
const say = (line) => process.stderr.write(`${line}\n`);

const SERVER_ROOTS = ['pkg', 'svc', 'cmd', 'pb'];
const WEB_APP = 'pkg/web-app';
// What `tsc -b tsconfig.build.json` writes when it finishes, and what this script writes.
const TSC_STAMP = 'dist/tsconfig.build.tsbuildinfo';
const QUICK_STAMP = 'dist/.quick-build';
const WEB_APP_OUTPUT = 'dist/pkg/web-app/index.html';

/** Every file and folder under the roots; a folder's time changes when a file is added, removed or renamed. */
function entriesUnder(roots, skip = () => false) {
  const found = [];
  for (const top of roots.filter((path) => existsSync(at(path)))) {
    found.push(top);
    for (const name of readdirSync(at(top), { recursive: true })) {
      const path = join(top, name);
      if (!skip(path) && !path.split('/').includes('node_modules')) found.push(path);
    }
  }
  return found;
}

const newest = (paths) => Math.max(0, ...paths.map((path) => statSync(at(path)).mtimeMs));
const timeOf = (path) => (existsSync(at(path)) ? statSync(at(path)).mtimeMs : -1);
const inWebApp = (path) => path === WEB_APP || path.startsWith(`${WEB_APP}/`);
const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

async function esbuild() {
  try {
    return await import('esbuild');
  } catch {
    say('esbuild is not installed: run `npm ci` first');
    process.exit(1);
  }
}

async function serverCode() {
  const sources = entriesUnder(SERVER_ROOTS, inWebApp);
  const built = Math.max(timeOf(TSC_STAMP), timeOf(QUICK_STAMP));
  if (built >= newest([...sources, 'tsconfig.json', 'tsconfig.build.json'])) return;
  const entryPoints = sources.filter((path) => path.endsWith('.ts') && !path.endsWith('.d.ts'));
  const started = performance.now();
  const { build } = await esbuild();
  await build({
    absWorkingDir: root,
    entryPoints,
    outdir: 'dist',
    outbase: '.',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    // `await import('./x')` becomes a require(), as tsc compiles it for CommonJS: Node's own
    // import() would need the file extension.
    supported: { 'dynamic-import': false },
    logLevel: 'error',
  }).catch(() => {
    say('could not compile the server code (the errors are above)');
    process.exit(1);
  });
  // dist/ no longer holds what tsc's record says: the next `tsc -b` compiles everything again.
  rmSync(at(TSC_STAMP), { force: true });
  writeFileSync(at(QUICK_STAMP), '');
  say(`compiled ${entryPoints.length} files in ${seconds(started)} (types unchecked: npm run typecheck)`);
}

async function webApp() {
  if (!existsSync(at(WEB_APP))) return;
  if (timeOf(WEB_APP_OUTPUT) >= newest(entriesUnder([WEB_APP]))) return;
  const started = performance.now();
  await import(at(`${WEB_APP}/build.mjs`)).catch(() => {
    say('could not bundle the web app (the errors are above)');
    process.exit(1);
  });
  say(`bundled the web app in ${seconds(started)}`);
}

await serverCode();
await webApp();
