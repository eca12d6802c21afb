import { formatCommand, realArgv, type Arg, type Argv } from './command-line';
import type { Step } from './step';
import { lastLine, ProgramNotFound, runCommand, type CommandResult } from './run-command';

/** A step failed; the message is the one line the user sees. */
export class StepFailed extends Error {}

export interface RunnerIo {
  cwd: string;
  write: (text: string) => void;
  /** How often a slow step prints a dot, in ms. */
  heartbeatMs?: number;
}

/** Prints the plan as commands a person could type, one per line; runs nothing. */
export function formatPlan(steps: Step[]): string[] {
  return steps.flatMap((step, i) => [
    `# [${i + 1}/${steps.length}] ${step.title}${step.keepIf ? ' (kept when it already exists)' : ''}`,
    ...(step.keepIf ? [`$ ${formatCommand(step.keepIf)}`] : []),
    `$ ${formatCommand(step.command)}${step.pipeTo ? ` | ${formatCommand(step.pipeTo)}` : ''}${step.stdin ? " <<'EOF'" : ''}`,
    ...(step.stdin ? [...shownText(step.stdin).trimEnd().split('\n'), 'EOF'] : []),
    ...(step.notes ?? []).map((note) => `#   ${note}`),
  ]);
}

const shownText = (text: Arg) => (typeof text === 'string' ? text : text.shown);
const realText = (text: Arg) => (typeof text === 'string' ? text : text.real);

/** Runs the steps in order, printing progress; the first failure stops the run with a StepFailed. */
export async function runPlan(steps: Step[], io: RunnerIo): Promise<void> {
  for (const [i, step] of steps.entries()) {
    const where = `step ${i + 1}/${steps.length} (${step.title})`;
    io.write(`[${i + 1}/${steps.length}] ${step.title} ... `);
    const heartbeat = step.slow ? setInterval(() => io.write('.'), io.heartbeatMs ?? 15_000) : undefined;
    try {
      const outcome = await runStep(step, io.cwd);
      io.write(`${outcome}\n`);
    } catch (error) {
      io.write('failed\n');
      if (error instanceof ProgramNotFound && step.installHint) {
        throw new StepFailed(`${error.program} is not on PATH; install it: ${step.installHint}`);
      }
      if (error instanceof ProgramNotFound) throw new StepFailed(`${where} failed: ${error.message}`);
      if (error instanceof CommandFailed) {
        throw new StepFailed(
          `${where} failed: ${error.program} exited with code ${error.code}: ${error.detail}`,
        );
      }
      throw error;
    } finally {
      clearInterval(heartbeat);
    }
  }
}

class CommandFailed extends Error {
  constructor(
    readonly program: string,
    readonly code: number,
    readonly detail: string,
  ) {
    super(`${program} exited with code ${code}: ${detail}`);
  }
}

async function runStep(step: Step, cwd: string): Promise<'done' | 'kept'> {
  if (step.keepIf) {
    const check = await runCommand(realArgv(step.keepIf), { cwd });
    if (check.code === 0) return 'kept';
    // Only "not found" means create; any other error (no cluster, no rights) must not be papered over.
    if (!/NotFound|not found/.test(check.stderr)) throw failure(step.keepIf, check);
  }
  const first = await runCommand(realArgv(step.command), {
    cwd,
    stdin: step.stdin === undefined ? undefined : realText(step.stdin),
  });
  if (first.code !== 0) throw failure(step.command, first);
  if (step.pipeTo) {
    const second = await runCommand(realArgv(step.pipeTo), { cwd, stdin: first.stdout });
    if (second.code !== 0) throw failure(step.pipeTo, second);
  }
  return 'done';
}

function failure(argv: Argv, result: CommandResult): CommandFailed {
  return new CommandFailed(realArgv(argv)[0], result.code, lastLine(result.stderr || result.stdout));
}
