import type { FastifyRequest, FastifySchema } from 'fastify';
import type { Context } from '../../endpoint';
import type { HttpMethod, HttpOperation, OperationHandlers, RequestPart } from './operation';

/** A route ready to mount: an operation joined to its handler, types erased. */
export interface MountableRoute {
  method: HttpMethod;
  url: string;
  schema: FastifySchema;
  handle: (request: FastifyRequest, ctx: Context) => Promise<{ status: number; body: unknown }>;
  /** Runs before the request is validated: a call that may not be made is refused before anything reads it. */
  authorize?: (request: FastifyRequest) => Promise<void>;
}

/**
 * Who is calling (a user or a service), checked before the handler; throws
 * UNAUTHENTICATED or PERMISSION_DENIED. The result is the handler's `ctx.caller`.
 */
export type Authenticate = (
  request: FastifyRequest,
) => string | Authenticated | Promise<string | Authenticated>;

/** A caller, and the scope its handler runs in (e.g. an async context the outgoing clients read). */
export interface Authenticated {
  caller: string;
  within<T>(run: () => Promise<T>): Promise<T>;
}

/**
 * Whether this call may be made, from its headers and its raw request: throws
 * UNAUTHENTICATED or PERMISSION_DENIED. The kit gives the policy no meaning: each service
 * passes its own, declared with its contract.
 */
export type Authorize = (request: FastifyRequest, operation: HttpOperation) => Promise<void>;

export interface ServeOptions<Ops> {
  /** Per operation; operations not named here use `authenticateAll`, or take anyone. */
  authenticate?: { [K in keyof Ops]?: Authenticate };
  authenticateAll?: Authenticate;
  /** One check per operation, run before validation (a service's callers and their proofs). */
  authorize?: { [K in keyof Ops]: Authorize };
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

/** The request as it travels in `part`: validated in a handler, raw in an `authorize` check. */
export function requestPart(request: FastifyRequest, part: RequestPart): unknown {
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
    const authorize = options.authorize?.[name];
    return {
      method: operation.method,
      url: operation.path,
      schema: schemaOf(operation),
      authorize: authorize && ((request) => authorize(request, operation)),
      async handle(request, ctx) {
        const who = authenticate ? await authenticate(request) : undefined;
        const { caller, within } = typeof who === 'object' ? who : { caller: who, within: undefined };
        const input = operation.request ? requestPart(request, operation.request.in) : undefined;
        const run = () => handler(input, { ...ctx, caller });
        const response = await (within ? within(run) : run());
        return { status: operation.status, body: operation.response ? response : undefined };
      },
    };
  });
}
