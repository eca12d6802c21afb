// `npm run build` step for the web app: bundles src/ with esbuild into static files under
// dist/pkg/web-app (beside the compiled gateway, so a gateway image that copies dist/pkg has
// them). Type checking is `npm run typecheck` (tsc -p pkg/web-app); esbuild only strips types.
import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { fileURLToPath, URL } from 'node:url';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const out = here('../../dist/pkg/web-app/');

await rm(out, { recursive: true, force: true });
await build({
  entryPoints: { 'assets/app': here('src/main.tsx'), 'assets/styles': here('static/styles.css') },
  outdir: out,
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'esm',
  target: ['es2022'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  tsconfig: here('tsconfig.json'),
  legalComments: 'linked',
  logLevel: 'warning',
});
await mkdir(out, { recursive: true });
await copyFile(here('static/index.html'), `${out}index.html`);
await copyFile(here('static/favicon.svg'), `${out}assets/favicon.svg`);
