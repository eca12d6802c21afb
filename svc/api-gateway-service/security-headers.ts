import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** What helmet does to a response for some options: headers it sets and headers it removes. */
export interface HelmetHeaders {
  set: Array<[string, string]>;
  removed: string[];
}

/**
 * Runs helmet's middleware once against a recording response. Without CSP nonces (which
 * the gateway does not use) its headers depend on the options alone, never on the request.
 */
export function helmetHeaders(options: HelmetOptions): HelmetHeaders {
  const headers: HelmetHeaders = { set: [], removed: [] };
  const recorder = {
    setHeader: (name: string, value: string) => void headers.set.push([name, value]),
    removeHeader: (name: string) => void headers.removed.push(name),
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return headers;
}

/**
 * helmet's security headers on every response, as @fastify/helmet sets them (on the raw
 * response, at onRequest) but worked out once: @fastify/helmet builds helmet's middleware
 * again for every request, to allow per-route options and nonces the gateway has no use for.
 */
export async function securityHeaders(app: FastifyInstance, options: HelmetOptions): Promise<void> {
  const { set, removed } = helmetHeaders(options);
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of set) reply.raw.setHeader(name, value);
    for (const name of removed) reply.raw.removeHeader(name);
    done();
  });
}
