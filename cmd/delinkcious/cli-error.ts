import { PublicApiError } from '../../pkg/public-api-client';

/** Exit codes: 0 done, 1 the server refused or could not be reached, 2 bad usage, 3 not signed in. */
export const EXIT = { failed: 1, usage: 2, signedOut: 3 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
  }
}

/** One line for the person at the terminal, and the exit code that goes with it. */
export function describeFailure(error: unknown): { message: string; exitCode: number } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof PublicApiError) {
    if (error.status === 401) {
      return {
        message: `${error.message}: sign in again with \`delinkcious login\``,
        exitCode: EXIT.signedOut,
      };
    }
    return {
      message: error.status ? `${error.message} (${error.code})` : error.message,
      exitCode: EXIT.failed,
    };
  }
  return { message: error instanceof Error ? error.message : String(error), exitCode: EXIT.failed };
}
