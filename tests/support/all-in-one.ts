import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface AllInOneSystem {
  /** The gateway's base URL. */
  gateway: string;
  /** The launcher's process id. */
  pid: number;
  /** Everything the system printed so far. */
  output(): string;
  /** Ctrl-C, as a user stops it; resolves to the exit code. Safe to call twice. */
  stop(): Promise<number | null>;
  /** kill -9, as a crash would end it: nothing is cleaned up. */
  crash(): Promise<void>;
}

export interface AllInOneOptions {
  /** A data folder the caller owns (kept after stop); by default a fresh one, removed on stop. */
  dataDir?: string;
  /** More environment, e.g. a service setting such as LINK_SERVICE_MAX_LINKS_PER_USER. */
  env?: Record<string, string>;
  /** The script node runs: the built launcher by default, or `cmd/start.mjs` as `npm start` runs it. */
  script?: string;
}

function launch(
  portOffset: number,
  dataDir: string,
  env: Record<string, string> = {},
  script = 'dist/cmd/start-all/main.js',
) {
  const system = spawn(process.execPath, [script], {
    env: { ...process.env, DATA_DIR: dataDir, PORT_OFFSET: String(portOffset), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  system.stdout!.on('data', (chunk) => (output += chunk));
  system.stderr!.on('data', (chunk) => (output += chunk));
  return { system, output: () => output };
}

/**
 * The whole system as `npm start` runs it (npm test builds first), on ports shifted by
 * `portOffset` so that several test files never collide, with a data dir of its own.
 */
export async function startAllInOne(
  portOffset: number,
  options: AllInOneOptions = {},
): Promise<AllInOneSystem> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'dlk-all-in-one-'));
  const { system, output } = launch(portOffset, dataDir, options.env, options.script);
  const exited = once(system, 'exit');
  const cleanUp = () => {
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  const stop = async () => {
    if (system.exitCode === null && system.signalCode === null) {
      system.kill('SIGINT');
      await exited;
    }
    cleanUp();
    return system.exitCode;
  };
  const crash = async () => {
    system.kill('SIGKILL');
    await exited;
  };
  const deadline = Date.now() + 60_000;
  while (!output().includes('Press Ctrl-C to stop.')) {
    if (Date.now() > deadline || system.exitCode !== null) {
      await stop();
      throw new Error(`the system did not start:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { gateway: `http://127.0.0.1:${5000 + portOffset}`, pid: system.pid!, output, stop, crash };
}

/** Runs `npm start` expecting it to refuse to start; resolves to its exit code and output. */
export async function startRefused(
  portOffset: number,
  dataDir: string,
  env: Record<string, string> = {},
): Promise<{ code: number | null; output: string }> {
  const { system, output } = launch(portOffset, dataDir, env);
  const timeout = setTimeout(() => system.kill('SIGINT'), 30_000);
  await once(system, 'exit');
  clearTimeout(timeout);
  return { code: system.exitCode, output: output() };
}
