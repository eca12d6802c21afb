import { execFile } from 'node:child_process';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** True when the command was killed for running past its timeout. */
  timedOut: boolean;
}

export interface RunOptions {
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/**
 * Runs a program with an argument list (never a shell string) and a timeout, and resolves
 * with its exit code and output whatever happened, so callers decide what a failure means.
 */
export function run(file: string, args: string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        timeout: options.timeoutMs,
        killSignal: 'SIGKILL',
        env: options.env ?? process.env,
        cwd: options.cwd,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const failure = error as
          (NodeJS.ErrnoException & { killed?: boolean; code?: number | string }) | null;
        const code = failure === null ? 0 : typeof failure.code === 'number' ? failure.code : 127;
        const out = String(stdout);
        const err = failure !== null && out === '' && stderr === '' ? failure.message : String(stderr);
        resolve({ code, stdout: out, stderr: err, timedOut: failure?.killed === true });
      },
    );
  });
}

/** The last lines of a command's output: enough to see why it failed without flooding the log. */
export function tail(text: string, lines = 20): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Thrown for a failed check: main prints its message as the one-line reason and exits 1. */
export class CheckFailed extends Error {}

/** Runs a command that must succeed; otherwise fails the check naming what was being done. */
export async function runOrFail(
  what: string,
  file: string,
  args: string[],
  options: RunOptions,
): Promise<RunResult> {
  const result = await run(file, args, options);
  if (result.code !== 0) {
    const why = result.timedOut ? `timed out after ${options.timeoutMs / 1000} s` : `exit ${result.code}`;
    process.stderr.write(`${tail(result.stderr || result.stdout)}\n`);
    throw new CheckFailed(`${what} failed (${why})`);
  }
  return result;
}
