import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * `npm start` builds with cmd/quick-build.mjs: types stripped by esbuild, and nothing built
 * when dist/ is newer than every source. Here on a project of its own that uses this
 * checkout's node_modules.
 */
let project: string;

const write = (path: string, text: string) => {
  mkdirSync(dirname(join(project, path)), { recursive: true });
  writeFileSync(join(project, path), text);
};
const later = (path: string) => {
  const inAMinute = new Date(Date.now() + 60_000);
  utimesSync(join(project, path), inAMinute, inAMinute);
};
const timeOf = (path: string) => statSync(join(project, path)).mtimeMs;

beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), 'dlk-quick-build-'));
  mkdirSync(join(project, 'cmd'));
  copyFileSync('cmd/quick-build.mjs', join(project, 'cmd', 'quick-build.mjs'));
  symlinkSync(resolve('node_modules'), join(project, 'node_modules'));
  write('tsconfig.json', '{}');
  write('tsconfig.build.json', '{}');
  write('pkg/greeting.ts', 'export const greeting = (name: string): string => `hello ${name}`;\n');
  write(
    'svc/hello/main.ts',
    "async function main(): Promise<void> {\n  const { greeting } = await import('../../pkg/greeting');\n  console.log(greeting('gigi'));\n}\nvoid main();\n",
  );
  write('pkg/types.d.ts', 'declare const nothing: never;\n');
  // A stand-in for the web app's bundler: it records each run.
  write(
    'pkg/web-app/build.mjs',
    "import { appendFileSync, mkdirSync } from 'node:fs';\nmkdirSync('dist/pkg/web-app', { recursive: true });\nappendFileSync('dist/pkg/web-app/index.html', 'built\\n');\n",
  );
});
afterEach(() => rmSync(project, { recursive: true, force: true }));

const quickBuild = () => run(process.execPath, ['cmd/quick-build.mjs'], { cwd: project });
/** Builds, changes one file (and makes `touched` newer than that build), then builds again. */
const buildAfterChanging = async (path: string, content: string, touched = path) => {
  await quickBuild();
  write(path, content);
  later(touched);
  return quickBuild();
};
const failure = () =>
  quickBuild().then(
    () => undefined,
    (error: { code: number; stderr: string }) => error,
  );

describe('cmd/quick-build.mjs', () => {
  it('compiles the TypeScript sources to CommonJS in dist/, an import() included, and says so', async () => {
    const { stderr } = await quickBuild();
    expect(stderr).toContain('compiled 2 files in');
    expect(stderr).toContain('types unchecked: npm run typecheck');
    const { stdout } = await run(process.execPath, [join(project, 'dist/svc/hello/main.js')]);
    expect(stdout).toBe('hello gigi\n');
    expect(existsSync(join(project, 'dist/pkg/types.d.js'))).toBe(false);
  }, 30_000);

  it('bundles the web app into dist/', async () => {
    const { stderr } = await quickBuild();
    expect(stderr).toContain('bundled the web app in');
    expect(existsSync(join(project, 'dist/pkg/web-app/index.html'))).toBe(true);
  }, 30_000);

  it('builds nothing, silently, when nothing changed since its last build', async () => {
    await quickBuild();
    const compiled = timeOf('dist/pkg/greeting.js');
    const { stderr } = await quickBuild();
    expect(stderr).toBe('');
    expect(timeOf('dist/pkg/greeting.js')).toBe(compiled);
  }, 30_000);

  it("builds nothing when tsc's own build is newer than every source", async () => {
    write('dist/tsconfig.build.tsbuildinfo', '{}');
    later('dist/tsconfig.build.tsbuildinfo');
    write('dist/pkg/web-app/index.html', 'built by npm run build\n');
    later('dist/pkg/web-app/index.html');
    const { stderr } = await quickBuild();
    expect(stderr).toBe('');
    expect(existsSync(join(project, 'dist/pkg/greeting.js'))).toBe(false);
  }, 30_000);

  it("compiles again when a source changed, and drops tsc's record so its next build is complete", async () => {
    await quickBuild();
    write('dist/tsconfig.build.tsbuildinfo', '{}');
    write('pkg/greeting.ts', 'export const greeting = (name: string): string => `hi ${name}`;\n');
    later('pkg/greeting.ts');
    const { stderr } = await quickBuild();
    expect(stderr).toContain('compiled 2 files');
    expect(stderr).not.toContain('bundled the web app');
    expect(existsSync(join(project, 'dist/tsconfig.build.tsbuildinfo'))).toBe(false);
    const { stdout } = await run(process.execPath, [join(project, 'dist/svc/hello/main.js')]);
    expect(stdout).toBe('hi gigi\n');
  }, 30_000);

  it('compiles again when a source file was added', async () => {
    const { stderr } = await buildAfterChanging(
      'svc/hello/extra.ts',
      'export const extra = 1;\n',
      'svc/hello',
    );
    expect(stderr).toContain('compiled 3 files');
  }, 30_000);

  it('bundles the web app again when one of its files changed, and only it', async () => {
    const { stderr } = await buildAfterChanging('pkg/web-app/src/main.tsx', 'export {};\n');
    expect(stderr).toContain('bundled the web app in');
    expect(stderr).not.toContain('compiled');
  }, 30_000);

  it('fails with one line, after esbuild shows where, on a syntax error', async () => {
    write('pkg/broken.ts', 'export const = 1;\n');
    const failed = await failure();
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain('pkg/broken.ts');
    expect(failed?.stderr).toContain('could not compile the server code (the errors are above)');
    expect(existsSync(join(project, 'dist/.quick-build'))).toBe(false);
  }, 30_000);
});
