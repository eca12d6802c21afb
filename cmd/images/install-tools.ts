import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';
import { CheckFailed, run, tail } from './run';

const TOOLS = ['podman', 'buildah', 'runc'];
const APT_TIMEOUT_MS = 10 * 60_000;

/** The program's path on PATH, or undefined. */
export function findOnPath(program: string, searchPath = process.env.PATH ?? ''): string | undefined {
  // Debian puts runc in /usr/sbin, which a non-login PATH may lack.
  const dirs = [...searchPath.split(path.delimiter).filter(Boolean), '/usr/sbin', '/sbin'];
  for (const dir of dirs) {
    const candidate = path.join(dir, program);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

async function aptGet(args: string[]): Promise<{ ok: boolean; output: string }> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const result = await run('apt-get', args, { timeoutMs: APT_TIMEOUT_MS, env });
  return { ok: result.code === 0, output: result.stderr || result.stdout };
}

/**
 * Podman, buildah and runc from Debian (no Docker engine on these machines). A fresh
 * machine may have stale package lists, so a failed install is retried once after
 * `apt-get update`.
 */
export async function ensureContainerTools(log: (line: string) => void): Promise<void> {
  const missing = TOOLS.filter((tool) => findOnPath(tool) === undefined);
  if (missing.length === 0) {
    log(`podman, buildah and runc are installed`);
    return;
  }
  log(`installing ${TOOLS.join(' ')} with apt-get (missing: ${missing.join(', ')}) …`);
  const install = ['install', '-y', '--no-install-recommends', ...TOOLS];
  let result = await aptGet(install);
  if (!result.ok) {
    log('apt-get install failed; running apt-get update and trying again …');
    const update = await aptGet(['update']);
    if (update.ok) result = await aptGet(install);
  }
  if (!result.ok) {
    process.stderr.write(`${tail(result.output)}\n`);
    throw new CheckFailed(`could not install ${TOOLS.join(', ')} with apt-get (see the output above)`);
  }
  const stillMissing = TOOLS.filter((tool) => findOnPath(tool) === undefined);
  if (stillMissing.length > 0) throw new CheckFailed(`not on PATH after install: ${stillMissing.join(', ')}`);
}
