import type { z } from 'zod';
import type { Context } from '../../endpoint';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Where an operation's request travels: the query string, the JSON body, or the path. */
export type RequestPart = 'query' | 'body' | 'params';

/**
 * One operation of a service's HTTP contract, declared once and used by the server route,
 * the client method and the OpenAPI document. The request and response schemas are zod
 * schemas: they validate, they give the TypeScript types, and they become JSON Schema.
 */
export interface HttpOperation {
  method: HttpMethod;
  /** fastify syntax: `/users/:username`. */
  path: string;
  /** One line for the OpenAPI document and the logs. */
  summary: string;
  /** The group the OpenAPI document shows it in. */
  tag?: string;
  request?: { in: RequestPart; schema: z.ZodObject };
  /** The success body; none means the operation answers 204 with no body. */
  response?: z.ZodType;
  status: 200 | 201 | 204;
  /** Only idempotent calls are retried by clients. */
  idempotent: boolean;
  /** Error statuses the operation can answer besides the ones every route can (400, 500, 503). */
  errors?: readonly number[];
}

/** Keeps the literal types of an operations table while checking its shape. */
export function defineOperations<const Ops extends Record<string, HttpOperation>>(operations: Ops): Ops {
  return operations;
}

/** The request as the handler receives it (after validation and coercion). */
export type RequestOf<O extends HttpOperation> = O['request'] extends { schema: infer S extends z.ZodType }
  ? z.output<S>
  : void;

/** The request as a client sends it. */
export type WireRequestOf<O extends HttpOperation> = O['request'] extends {
  schema: infer S extends z.ZodType;
}
  ? z.input<S>
  : void;

export type ResponseOf<O extends HttpOperation> = O['response'] extends z.ZodType
  ? z.output<O['response']>
  : void;

/** What serves one operation. */
export type OperationHandler<O extends HttpOperation> = (
  request: RequestOf<O>,
  ctx: Context,
) => Promise<ResponseOf<O>>;

/** One handler per operation: leaving one out of a table fails to compile. */
export type OperationHandlers<Ops extends Record<string, HttpOperation>> = {
  [K in keyof Ops]: OperationHandler<Ops[K]>;
};

/** A client has a method for every operation of its contract: leaving one out fails to compile. */
export type CoversOperations<Ops extends Record<string, HttpOperation>> = {
  [K in keyof Ops]: (...args: never[]) => Promise<unknown>;
};

/** The statuses an operation documents and can answer. */
export function statusesOf(operation: HttpOperation, always: readonly number[]): number[] {
  return [...new Set([operation.status, ...always, ...(operation.errors ?? [])])].sort((a, b) => a - b);
}
