import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CHECKED_IN = path.join(ROOT, 'pb', 'generated');

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir)
    .flatMap((name) =>
      statSync(path.join(dir, name)).isDirectory()
        ? filesUnder(path.join(dir, name), `${prefix}${name}/`)
        : [`${prefix}${name}`],
    )
    .sort();
}

describe('pb/generated', () => {
  it('is what `npm run gen:proto` produces from the current .proto files', () => {
    const script = (
      JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts['gen:proto'];
    expect(script).toContain('--outDir=pb/generated');
    const out = mkdtempSync(path.join(tmpdir(), 'pb-generated-'));
    try {
      // The same command as the npm script, into a temporary folder.
      const [command, ...args] = script.replace('--outDir=pb/generated', `--outDir=${out}`).split(/\s+/);
      execFileSync(path.join(ROOT, 'node_modules', '.bin', command), args, { cwd: ROOT, stdio: 'pipe' });
      const fresh = filesUnder(out);
      expect(filesUnder(CHECKED_IN)).toEqual(fresh);
      for (const file of fresh) {
        expect({ file, text: readFileSync(path.join(CHECKED_IN, file), 'utf8') }).toEqual({
          file,
          text: readFileSync(path.join(out, file), 'utf8'),
        });
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
