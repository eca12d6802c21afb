#!/usr/bin/env node
// `npm start`: installs what is missing, builds what changed, then runs the whole system,
// all in this one process. Each further `node` would cost its own start-up (0.05–0.2 s on a
// small machine) on every start.
//
//   node cmd/start.mjs     the same as `npm start`
import { createRequire } from 'node:module';

await import('./ensure-installed.mjs');
await import('./quick-build.mjs');
// Compiled to CommonJS in dist/, so it is required, not imported.
createRequire(import.meta.url)('../dist/cmd/start-all/main.js');
