import type { FastifyRequest, FastifySchema } from 'fastify';
import type { Context } from '../../endpoint';
import type { HttpMethod, HttpOperation, OperationHandlers, RequestPart } from './operation';

/** A route ready to mount: an operation joined to its handler, types erased. */
export interface MountableRoute {
  method: HttpMethod;
  url: string;
  schema: FastifySchema;
  handle: (request: FastifyRequest, ctx: Context) => Promise<{ status: number; body: unknown }>;
}

/**
 * Who is calling (a user or a service), checked before the handler; throws
 * UNAUTHENTICATED or PERMISSION_DENIED. The result is the handler's `ctx.caller`.
 */
export type Authenticate = (request: FastifyRequest) => string | Promise<string>;

export interface ServeOptions<Ops> {
  /** Per operation; operations not named here use `authenticateAll`, or take anyone. */
  authenticate?: { [K in keyof Ops]?: Authenticate };
  authenticateAll?: Authenticate;
}

const FASTIFY_PART: Record<RequestPart, 'querystring' | 'body' | 'params'> = {
  query: 'querystring',
  body: 'body',
  params: 'params',
};

/** The fastify schema of an operation: zod validates the request and serialises the success body. */
function schemaOf(operation: HttpOperation): FastifySchema {
  const schema: FastifySchema = {};
  if (operation.request) schema[FASTIFY_PART[operation.request.in]] = operation.request.schema;
  if (operation.response) schema.response = { [operation.status]: operation.response };
  return schema;
}

function requestPart(request: FastifyRequest, part: RequestPart): unknown {
  if (part === 'query') return request.query;
  if (part === 'params') return request.params;
  return request.body;
}

/**
 * The server side of a contract: one route per operation, each calling its handler with the
 * validated request. The handlers' type makes a missing one a compile error.
 */
export function serveOperations<Ops extends Record<string, HttpOperation>>(
  operations: Ops,
  handlers: OperationHandlers<Ops>,
  options: ServeOptions<Ops> = {},
): MountableRoute[] {
  return Object.keys(operations).map((name: keyof Ops) => {
    const operation = operations[name];
    // The table and the handlers are checked against each other above; here their types are erased.
    const handler = handlers[name] as (request: unknown, ctx: Context) => Promise<unknown>;
    const authenticate = options.authenticate?.[name] ?? options.authenticateAll;
    return {
      method: operation.method,
      url: operation.path,
      schema: schemaOf(operation),
      async handle(request, ctx) {
        const caller = authenticate ? await authenticate(request) : undefined;
        const input = operation.request ? requestPart(request, operation.request.in) : undefined;
        const response = await handler(input, { ...ctx, caller });
        return { status: operation.status, body: operation.response ? response : undefined };
      },
    };
  });
}
