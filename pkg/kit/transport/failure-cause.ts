import { UnavailableError } from '../errors';

/**
 * The innermost reason a call failed, as an operator needs it: fetch's "fetch failed"
 * hides "bad port" or "connect ECONNREFUSED 127.0.0.1:8080" in its `cause`.
 */
export function underlyingCause(error: unknown): string {
  let innermost = error;
  while (isErrorLike(innermost) && innermost.cause !== undefined) innermost = innermost.cause;
  if (isErrorLike(innermost)) return innermost.message || innermost.name;
  return String(innermost);
}

/** Errors made by Node's own fetch may come from another realm, where `instanceof Error` fails. */
function isErrorLike(value: unknown): value is Error {
  return typeof value === 'object' && value !== null && 'message' in value && 'name' in value;
}

/**
 * An UNAVAILABLE error whose public message stays `message`, carrying the innermost
 * reason of `failure` as `detail`: pino logs it with the error, response bodies show only
 * `message`. (Not as `cause`, which would also change how the error compares in tests.)
 */
export function unavailableBecause(message: string, failure: unknown): UnavailableError & { detail: string } {
  return Object.assign(new UnavailableError(message), { detail: underlyingCause(failure) });
}
