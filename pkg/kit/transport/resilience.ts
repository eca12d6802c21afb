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
import { UnavailableError } from '../errors';

export interface ResilienceOptions {
  /** Name used in error messages: "link-service is unavailable (circuit open)". */
  target: string;
  /** Attempts for idempotent calls (1 = no retry). */
  maxAttempts?: number;
  /** Consecutive failures that open the circuit, and how long it stays open. */
  breakAfter?: number;
  halfOpenAfterMs?: number;
}

const transient = handleWhen((error) => error instanceof UnavailableError);

/**
 * What every client transport does around a call: retries for idempotent calls (only
 * when the service is unavailable, never on a domain error), and a circuit breaker so a
 * dead dependency fails fast with UNAVAILABLE.
 */
export class CallPolicy {
  private readonly breaker: IPolicy;
  private readonly retrying: IPolicy;

  constructor(private readonly options: ResilienceOptions) {
    this.breaker = circuitBreaker(transient, {
      halfOpenAfter: options.halfOpenAfterMs ?? 5000,
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
