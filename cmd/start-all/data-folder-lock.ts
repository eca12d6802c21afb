import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { ConfigError } from '../../pkg/kit';

const LOCK = '.lock';
const OWNER = '.lock-owner.json';
/** A lock whose holder stopped refreshing it this long ago is stale (a crash, a kill -9). */
const STALE_MS = 10_000;

export interface Holder {
  pid: number;
  portOffset: number;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ownerOf(dataDir: string): Holder | undefined {
  try {
    return JSON.parse(readFileSync(join(dataDir, OWNER), 'utf8')) as Holder;
  } catch {
    return undefined;
  }
}

function options(dataDir: string) {
  return { lockfilePath: join(dataDir, LOCK), stale: STALE_MS, realpath: false };
}

/**
 * The running system holding `dataDir`, if any. A lock left by a process that is gone
 * (it crashed) does not count: whoever starts next takes it over.
 */
export async function holderOf(dataDir: string): Promise<Holder | undefined> {
  let locked: boolean;
  try {
    locked = await lockfile.check(dataDir, options(dataDir));
  } catch {
    return undefined; // No folder yet: nobody holds it.
  }
  if (!locked) return undefined;
  const owner = ownerOf(dataDir);
  if (owner && !isRunning(owner.pid)) return undefined;
  return owner ?? { pid: 0, portOffset: 0 };
}

/** The one line that refuses a second system on a held folder, and says how to run one. */
export function inUseMessage(dataDir: string, holder: Holder, freeOffset: number | undefined): string {
  const who = holder.pid ? `process ${holder.pid}` : 'a process that is starting';
  const offset = freeOffset ?? holder.portOffset + 100;
  return (
    `the data folder ${dataDir} is in use by another Delinkcious (${who}); stop it, ` +
    `or run a second system with a folder and ports of its own: DATA_DIR=${dataDir}-2 PORT_OFFSET=${offset} npm start`
  );
}

/**
 * Takes `dataDir` for this process (creating it if needed) and records who holds it.
 * proper-lockfile keeps the lock fresh while the process lives; a lock left by a process
 * that died is taken over at once. `onLost` is told if the lock is lost while running
 * (the machine slept past the stale time and another system took the folder).
 */
export async function lockDataFolder(
  dataDir: string,
  portOffset: number,
  refusal: (holder: Holder) => Promise<string>,
  onLost: (message: string) => void,
): Promise<() => Promise<void>> {
  mkdirSync(dataDir, { recursive: true });
  let release: (() => Promise<void>) | undefined;
  const take = async (): Promise<void> => {
    release = await lockfile.lock(dataDir, {
      ...options(dataDir),
      onCompromised: () => {
        // Usually a sleep longer than the stale time: take it again if nobody else did.
        take().catch(() => onLost(`lost the lock on the data folder ${dataDir} to another process`));
      },
    });
  };
  try {
    await take();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const holder = await holderOf(dataDir);
    if (holder) throw new ConfigError(await refusal(holder));
    // Its holder is gone (it crashed): the lock is stale.
    rmSync(join(dataDir, LOCK), { recursive: true, force: true });
    await take();
  }
  writeFileSync(join(dataDir, OWNER), JSON.stringify({ pid: process.pid, portOffset } satisfies Holder));
  return async () => {
    rmSync(join(dataDir, OWNER), { force: true });
    await release?.().catch(() => {});
  };
}
