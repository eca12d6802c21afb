import { AsyncLocalStorage } from 'node:async_hooks';
import { CALLER_TOKEN_HEADER } from './caller-tokens';
import { USER_PROOF_HEADER } from './user-proof';

/**
 * The proof of the user a request is served for, carried through async calls so that the
 * clients of the services called on that user's behalf forward it, as they forward the
 * request id, without every service method taking it as an argument.
 */
const storage = new AsyncLocalStorage<{ proof: string }>();

export function runWithUserProof<T>(proof: string | undefined, fn: () => T): T {
  return proof ? storage.run({ proof }, fn) : fn();
}

/** The header to send on a call made now: the current user's proof, when there is one. */
export function userProofHeaders(): Record<string, string> {
  const proof = storage.getStore()?.proof;
  return proof ? { [USER_PROOF_HEADER]: proof } : {};
}

/**
 * What a client of another service sends: its caller token on every call, and the proof of
 * the user a call is made for whenever there is one.
 */
export function callerCredentials(
  callerToken: string | undefined,
  headers: Record<string, string> = {},
): { headers: Record<string, string>; callHeaders: () => Record<string, string> } {
  return {
    headers: callerToken ? { ...headers, [CALLER_TOKEN_HEADER]: callerToken } : headers,
    callHeaders: userProofHeaders,
  };
}
