import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The id of the request being served, carried through async calls so that service
 * middleware can log it and outgoing clients can forward it (`x-request-id`)
 * without every service method taking it as an argument.
 */
const storage = new AsyncLocalStorage<{ requestId: string }>();

export const REQUEST_ID_HEADER = 'x-request-id';

export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId }, fn);
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
