import dockerignore from '@balena/dockerignore';
import { lstatSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';

/** The build context is bounded: the sources of the image, not the machine's state. */
const MAX_CONTEXT_BYTES = 5 * 1024 * 1024;

const rules = readFileSync('.dockerignore', 'utf8');
const ignore = dockerignore().add(rules);
const negations = rules
  .split('\n')
  .filter((line) => line.startsWith('!'))
  .map((line) => line.slice(1).trim());

/**
 * The files `docker build .` sends from `root`, as Docker decides it (a Docker-compatible
 * dockerignore matcher). An excluded folder is not walked unless an exception could
 * re-include something inside it, as Docker does.
 */
function buildContext(root: string, dir = ''): Array<{ path: string; bytes: number }> {
  const files: Array<{ path: string; bytes: number }> = [];
  for (const name of readdirSync(join(root, dir))) {
    const path = dir ? `${dir}/${name}` : name;
    const stat = lstatSync(join(root, path));
    if (stat.isDirectory()) {
      const reincluded = negations.some((pattern) => pattern.startsWith(`${path}/`) || pattern === path);
      if (ignore.ignores(path) && !reincluded) continue;
      files.push(...buildContext(root, path));
    } else if (!ignore.ignores(path)) {
      files.push({ path, bytes: stat.size });
    }
  }
  return files;
}

describe('the Docker build context (.dockerignore at the repository root)', () => {
  const context = buildContext('.');
  const paths = context.map((file) => file.path);
  const bytes = context.reduce((sum, file) => sum + file.bytes, 0);

  it('holds none of: dependencies, local data and secrets, git, build and test output', () => {
    const forbidden =
      /(^|\/)(node_modules|\.data|secrets|\.git|dist|coverage|tests)(\/|$)|(^|\/)\.env|\.log$/;
    expect(paths.filter((path) => forbidden.test(path))).toEqual([]);
    // The rules themselves keep them out wherever they would appear, not only where they are now.
    for (const path of [
      'node_modules/fastify/package.json',
      'svc/link-service/node_modules/x/index.js',
      '.data/caller-tokens.yaml',
      '.data/link-service/PG_VERSION',
      'secrets/github-client-secret',
      'pkg/secrets',
      '.git/HEAD',
      '.git',
      'dist/svc/link-service/main.js',
      'coverage/lcov.info',
      'tests/unit/x.test.ts',
      '.env',
      '.env.local',
      'npm-debug.log',
      'README.md',
      'k8s/base/platform/namespace.yaml',
    ])
      expect([path, ignore.ignores(path)]).toEqual([path, true]);
  });

  it(`is at most ${MAX_CONTEXT_BYTES / 1024 / 1024} MB`, () => {
    expect(bytes).toBeLessThanOrEqual(MAX_CONTEXT_BYTES);
    expect(bytes).toBeGreaterThan(0);
  });

  it('holds every file the Dockerfile copies from the context', () => {
    const dockerfile = readFileSync('docker/Dockerfile', 'utf8');
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1].split(' '));
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources) {
      const prefix = source.replace(/\*.*$/, '').replace(/\/$/, '');
      expect([source, paths.some((path) => path === prefix || path.startsWith(`${prefix}/`))]).toEqual([
        source,
        true,
      ]);
    }
  });

  it('is the one ignore file: podman is pointed at docker/.dockerignore, a link to it', () => {
    expect(lstatSync('docker/.dockerignore').isSymbolicLink()).toBe(true);
    expect(realpathSync('docker/.dockerignore')).toBe(realpathSync('.dockerignore'));
  });
});
