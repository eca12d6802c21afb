import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, basename } from 'node:path';

// The README is the front door: the commands and files it names must exist.
const readme = readFileSync('README.md', 'utf8');

/** A path, or a `dir/*.ext` pattern that matches at least one file. */
function exists(path: string): boolean {
  if (!path.includes('*')) return existsSync(path);
  const pattern = new RegExp(`^${basename(path).replace(/\./g, '\\.').replace(/\*/g, '.*')}$`);
  return readdirSync(dirname(path)).some((file) => pattern.test(file));
}

const scripts = Object.keys(
  (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: object }).scripts,
);

describe('README', () => {
  it.each([...new Set([...readme.matchAll(/npm run ([a-z:-]+)/g)].map((m) => m[1]))])(
    'npm run %s is a script of package.json',
    (script) => {
      expect(scripts).toContain(script);
    },
  );

  it.each([...new Set([...readme.matchAll(/node dist\/([\w/-]+)\.js/g)].map((m) => m[1]))])(
    'node dist/%s.js is built from a source file',
    (path) => {
      expect(existsSync(`${path}.ts`)).toBe(true);
    },
  );

  it.each([
    ...new Set(
      [...readme.matchAll(/`((?:\.ci|argocd|docker|k8s|pb|pkg|svc|cmd|tests)\/[\w./*-]*)`/g)].map(
        (m) => m[1],
      ),
    ),
  ])('%s exists', (path) => {
    expect(exists(path)).toBe(true);
  });
});
