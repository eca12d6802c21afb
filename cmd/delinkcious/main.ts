#!/usr/bin/env node
/**
 * `delinkcious`: the command-line client of the public API (npm bin). Every call goes
 * through pkg/public-api-client. Errors are one line on stderr; exit codes in cli-error.ts.
 */
import { CommanderError, type Command } from 'commander';
import { describeFailure, EXIT } from './cli-error';
import { buildProgram } from './program';

async function main(): Promise<number> {
  const program = buildProgram(process.env);
  // Every command, subcommands (`tag rename`) included, ends with an exit code instead of exiting.
  const overrideExit = (command: Command): void => {
    command.exitOverride();
    command.commands.forEach(overrideExit);
  };
  overrideExit(program);
  try {
    await program.parseAsync(process.argv);
    return 0;
  } catch (error) {
    // Commander has printed its own message (usage, --help, --version) already.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT.usage;
    const { message, exitCode } = describeFailure(error);
    process.stderr.write(`delinkcious: ${message}\n`);
    return exitCode;
  }
}

void main().then((code) => {
  process.exitCode = code;
});
