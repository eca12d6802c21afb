import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface AllInOneSystem {
  /** The gateway's base URL. */
  gateway: string;
  /** Everything the system printed so far. */
  output(): string;
  /** Ctrl-C, as a user stops it; resolves to the exit code. Safe to call twice. */
  stop(): Promise<number | null>;
}

/**
 * The whole system as `npm start` runs it (npm test builds first), on ports shifted by
 * `portOffset` so that several test files never collide, with a data dir of its own.
 */
export async function startAllInOne(portOffset: number): Promise<AllInOneSystem> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dlk-all-in-one-'));
  const system = spawn(process.execPath, ['dist/cmd/start-all/main.js'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT_OFFSET: String(portOffset), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  system.stdout!.on('data', (chunk) => (output += chunk));
  system.stderr!.on('data', (chunk) => (output += chunk));
  const stop = async () => {
    if (system.exitCode === null && system.signalCode === null) {
      const exited = once(system, 'exit');
      system.kill('SIGINT');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
    return system.exitCode;
  };
  const deadline = Date.now() + 60_000;
  while (!output.includes('Press Ctrl-C to stop.')) {
    if (Date.now() > deadline || system.exitCode !== null) {
      await stop();
      throw new Error(`the system did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { gateway: `http://127.0.0.1:${5000 + portOffset}`, output: () => output, stop };
}
