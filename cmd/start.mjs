#!/usr/bin/env node
// `npm start`: installs what is missing, builds what changed, then runs the whole system,
// all in this one process. Each further `node` would cost its own start-up (0.05–0.2 s on a
// small machine) on every start.
//
//   node cmd/start.mjs     the same as `npm start`
import module, { createRequire } from 'node:module';

// Node 22.1 and newer keep V8's compiled code of each module loaded from here on in a cache
// on disk (under the system's temporary folder), so a start with nothing changed skips
// compiling them again: compiling is about 0.4 s of a start on Node 20, which has no such
// cache and starts as before.
module.enableCompileCache?.();

await import('./ensure-installed.mjs');
await import('./quick-build.mjs');
// Compiled to CommonJS in dist/, so it is required, not imported.
createRequire(import.meta.url)('../dist/cmd/start-all/main.js');
