import { performance } from 'node:perf_hooks';
import { NoAnswer, type Reply } from './gateway-client';

/** What a step saw instead of what it expected; `expected` overrides the step's own. */
export class Mismatch extends Error {
  constructor(
    readonly actual: string,
    readonly expected?: string,
  ) {
    super(actual);
  }
}

/** The journey stopped at this step. */
export class JourneyFailed extends Error {
  constructor(
    readonly step: string,
    readonly request: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`failed at "${step}" (${request}): expected ${expected}, got ${actual}`);
  }
}

const EXCERPT_LENGTH = 300;
const NAME_WIDTH = 44;

export function describeReply(reply: Reply): string {
  const body = reply.text.replace(/\s+/g, ' ').trim();
  const excerpt = body.length > EXCERPT_LENGTH ? `${body.slice(0, EXCERPT_LENGTH)}…` : body;
  return `${reply.status}${excerpt ? ` ${excerpt}` : ''}`;
}

/** Fails the step unless the reply has `status` and its JSON body passes `check`. */
export function expectReply(
  reply: Reply,
  status: number,
  check: (body: unknown) => boolean = () => true,
): void {
  if (reply.status !== status || !check(reply.json)) throw new Mismatch(describeReply(reply));
}

/** Prints each step with ✓ or ✗ and its duration. */
export class Reporter {
  constructor(private readonly write: (line: string) => void) {}

  async step<T>(name: string, request: string, expected: string, run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const took = () => `(${Math.round(performance.now() - started)} ms)`;
    try {
      const value = await run();
      this.write(`✓ ${name.padEnd(NAME_WIDTH)} ${request}  ${took()}`);
      return value;
    } catch (error) {
      this.write(`✗ ${name.padEnd(NAME_WIDTH)} ${request}  ${took()}`);
      const failure =
        error instanceof Mismatch
          ? new JourneyFailed(name, request, error.expected ?? expected, error.actual)
          : error instanceof NoAnswer
            ? new JourneyFailed(name, request, expected, error.message)
            : undefined;
      if (!failure) throw error;
      this.write(`    expected: ${failure.expected}`);
      this.write(`    actual:   ${failure.actual}`);
      throw failure;
    }
  }

  note(text: string): void {
    this.write(`  … ${text}`);
  }
}
