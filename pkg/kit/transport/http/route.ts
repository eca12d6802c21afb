import type { FastifyRequest, FastifySchema } from 'fastify';
import type { Context, Endpoint } from '../../endpoint';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * One HTTP route: method + path + JSON schema + decode + endpoint + encode.
 * The schema validates the request (and serialises the response) before decode runs.
 */
export interface HttpRoute<Req, Res> {
  method: HttpMethod;
  url: string;
  schema: FastifySchema;
  decode: (request: FastifyRequest) => Req;
  endpoint: Endpoint<Req, Res>;
  /** The response body; omitted for 204. */
  encode?: (response: Res) => unknown;
  /** Defaults to 200. */
  status?: number;
  /**
   * Who is calling (a user or a service), checked before decode; throws
   * UNAUTHENTICATED or PERMISSION_DENIED. The result is the endpoint's `ctx.caller`.
   */
  authenticate?: (request: FastifyRequest) => string | Promise<string>;
}

/** A route with its types erased, ready to mount. */
export interface MountableRoute {
  method: HttpMethod;
  url: string;
  schema: FastifySchema;
  handle: (request: FastifyRequest, ctx: Context) => Promise<{ status: number; body: unknown }>;
}

export function route<Req, Res>(definition: HttpRoute<Req, Res>): MountableRoute {
  const status = definition.status ?? 200;
  return {
    method: definition.method,
    url: definition.url,
    schema: definition.schema,
    async handle(request, ctx) {
      const caller = definition.authenticate ? await definition.authenticate(request) : undefined;
      const response = await definition.endpoint(definition.decode(request), { ...ctx, caller });
      return { status, body: definition.encode ? definition.encode(response) : undefined };
    },
  };
}
