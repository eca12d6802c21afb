import { DomainError } from './errors';

/** `ok`, or the domain error code, or `INTERNAL` for anything unexpected. */
export function outcomeOf(error: unknown): string {
  if (error === undefined) return 'ok';
  return error instanceof DomainError ? error.code : 'INTERNAL';
}

/** Errors that are the caller's fault are expected outcomes, not failures of the service. */
export function isServerFault(error: unknown): boolean {
  const outcome = outcomeOf(error);
  return outcome === 'INTERNAL' || outcome === 'UNAVAILABLE' || outcome === 'DEADLINE_EXCEEDED';
}
