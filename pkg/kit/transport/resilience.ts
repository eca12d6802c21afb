import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  ExponentialBackoff,
  circuitBreaker,
  handleWhen,
  retry,
  wrap,
  type IPolicy,
} from 'cockatiel';
import { HTTP_STATUS_OF } from '../error-codes';
import { DomainError, UnavailableError } from '../errors';

export interface ResilienceOptions {
  /** Name used in error messages: "link-service is unavailable (circuit open)". */
  target: string;
  /** Attempts for idempotent calls (1 = no retry). */
  maxAttempts?: number;
  /** Consecutive failures that open the circuit, and how long it stays open before one probe. */
  breakAfter?: number;
  halfOpenAfterMs?: number;
}

/** An open circuit lets one call through after this long: a restarted service serves within a second. */
export const DEFAULT_HALF_OPEN_AFTER_MS = 1000;

/**
 * Failures of the dependency itself: unreachable, timed out, or a 5xx answer. A 4xx is the
 * caller's mistake (a bad page token, a missing link) and says the dependency is healthy,
 * so a flood of them never opens the circuit.
 */
export function isDependencyFailure(error: unknown): boolean {
  if (!(error instanceof DomainError)) return true;
  return HTTP_STATUS_OF[error.code] >= 500;
}

/** Worth another attempt: the dependency could not be reached or was briefly unavailable. */
const transient = handleWhen((error) => error instanceof UnavailableError);
const dependencyFailure = handleWhen(isDependencyFailure);

/**
 * What every client transport does around a call: retries for idempotent calls (only
 * when the service is unavailable, never on a domain error), and a circuit breaker that
 * counts only dependency failures, so a dead dependency fails fast with UNAVAILABLE.
 */
export class CallPolicy {
  private readonly breaker: IPolicy;
  private readonly retrying: IPolicy;

  constructor(private readonly options: ResilienceOptions) {
    this.breaker = circuitBreaker(dependencyFailure, {
      halfOpenAfter: options.halfOpenAfterMs ?? DEFAULT_HALF_OPEN_AFTER_MS,
      breaker: new ConsecutiveBreaker(options.breakAfter ?? 5),
    });
    const retries = retry(transient, {
      maxAttempts: Math.max(0, (options.maxAttempts ?? 3) - 1),
      backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 500 }),
    });
    this.retrying = wrap(retries, this.breaker);
  }

  async execute<T>(attempt: () => Promise<T>, idempotent: boolean): Promise<T> {
    try {
      return await (idempotent ? this.retrying : this.breaker).execute(attempt);
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        throw new UnavailableError(`${this.options.target} is unavailable (circuit open)`);
      }
      throw error;
    }
  }
}
