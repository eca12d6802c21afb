import type { OpenAPIV3 } from 'openapi-types';
import { z } from 'zod';
import { errorBodySchema } from '../../errors';
import { HTTP_STATUS_OF } from '../../error-codes';
import { statusesOf, type HttpOperation } from './operation';

/** An operation as the public document shows it. */
export interface DocumentedOperation {
  operationId: string;
  tag: string;
  /** Needs `Authorization: Bearer <session>`. */
  secured: boolean;
  operation: HttpOperation;
  /** A redirect rather than a JSON answer (a browser login, say). */
  redirect?: { status: 302; description: string };
  description?: string;
  /**
   * A body that is a file sent as is: its media types, each with the schema of a JSON file
   * (none for one that is not JSON: a string).
   */
  requestContent?: { description: string; mediaTypes: Array<{ mediaType: string; schema?: z.ZodType }> };
  /** A success answer that is not JSON (a file, a feed): its media type. */
  responseContent?: { mediaType: string; description: string };
  /** Path parameters of an operation whose request travels in the query. */
  pathParameters?: Array<{ name: string; description: string }>;
}

export interface OpenApiOptions {
  info: {
    title: string;
    version: string;
    description: string;
    license: { name: string; identifier: string };
    contact: { name: string; url: string };
  };
  servers: Array<{ url: string; description: string }>;
  tags: Array<{ name: string; description: string }>;
  operations: DocumentedOperation[];
  /** Error statuses every route can answer (a rate limit, an internal error). */
  alwaysErrors: readonly number[];
}

type JsonObject = Record<string, unknown>;

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is invalid.',
  401: 'No valid session.',
  403: 'The caller may not do this.',
  404: 'Not found.',
  409: 'Already exists.',
  413: 'The request body is too large.',
  415: 'The request body is not JSON (Content-Type must be application/json).',
  422: 'A limit would be exceeded.',
  429: 'Too many requests.',
  500: 'Internal error.',
  503: 'A dependency is unavailable; nothing was changed.',
  504: 'A dependency did not answer in time.',
};

const CODE_OF_STATUS = Object.fromEntries(
  Object.entries(HTTP_STATUS_OF).map(([code, status]) => [status, code]),
) as Record<number, string>;

/**
 * zod to JSON Schema; schemas with an `id` become named components (collected into
 * `components`) and are referenced from where they are used.
 */
function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output', components: JsonObject): JsonObject {
  const converted = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as JsonObject;
  const { $schema: _draft, $defs, ...rest } = converted;
  Object.assign(components, $defs ?? {});
  const id = z.globalRegistry.get(schema)?.id;
  if (typeof id !== 'string') return rest;
  // A named schema converts to a reference to its own definition (already collected above).
  if (!('$ref' in rest)) components[id] = rest;
  return { $ref: `#/components/schemas/${id}` };
}

function fixRefs(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/'));
}

function parametersOf(operation: HttpOperation, components: JsonObject): JsonObject[] {
  const request = operation.request;
  if (!request || request.in === 'body') return [];
  const schema = z.toJSONSchema(request.schema, { io: 'input', target: 'draft-2020-12' }) as {
    properties?: Record<string, JsonObject>;
    required?: string[];
    $defs?: JsonObject;
  };
  Object.assign(components, schema.$defs ?? {});
  return Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const { description, examples, ...rest } = property;
    const parameter: JsonObject = {
      name,
      in: request.in === 'params' ? 'path' : 'query',
      required: request.in === 'params' || (schema.required ?? []).includes(name),
      schema: rest,
    };
    if (description) parameter.description = description;
    if (Array.isArray(examples) && examples.length > 0) parameter.example = examples[0];
    return parameter;
  });
}

function responseName(status: number): string {
  return `Error${status}`;
}

function responsesOf(documented: DocumentedOperation, always: readonly number[], components: JsonObject) {
  const { operation, redirect, responseContent } = documented;
  const responses: JsonObject = {};
  if (responseContent) {
    responses[operation.status] = {
      description: responseContent.description,
      content: { [responseContent.mediaType]: { schema: { type: 'string' } } },
    };
  } else if (redirect) {
    responses[redirect.status] = {
      description: redirect.description,
      headers: { Location: { description: 'Where the browser goes next.', schema: { type: 'string' } } },
    };
  } else if (operation.response) {
    responses[operation.status] = {
      description: operation.summary,
      content: { 'application/json': { schema: jsonSchemaOf(operation.response, 'output', components) } },
    };
  } else {
    responses[operation.status] = { description: `${operation.summary}: done, no content.` };
  }
  for (const status of statusesOf(operation, always)) {
    if (status >= 400) responses[status] = { $ref: `#/components/responses/${responseName(status)}` };
  }
  return responses;
}

/** Every status a documented operation answers: its success (or redirect) and its errors. */
export function documentedStatuses(documented: DocumentedOperation, always: readonly number[]): number[] {
  const statuses = statusesOf(documented.operation, always);
  return documented.redirect
    ? statuses.map((status) =>
        status === documented.operation.status ? documented.redirect!.status : status,
      )
    : statuses;
}

/**
 * The OpenAPI 3.1 document of a set of operations, built from their declarations. (Typed as
 * the 3.0 document @fastify/swagger takes; Redocly and Spectral check it as 3.1 in the tests.)
 */
export function openApiDocument(options: OpenApiOptions): OpenAPIV3.Document {
  const components: JsonObject = {};
  const paths: Record<string, JsonObject> = {};
  const errorStatuses = new Set<number>();
  for (const documented of options.operations) {
    const { operation } = documented;
    const path = operation.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const entry: JsonObject = {
      operationId: documented.operationId,
      summary: operation.summary,
      description: documented.description ?? `${operation.summary}.`,
      tags: [documented.tag],
      security: documented.secured ? [{ session: [] }] : [],
      responses: responsesOf(documented, options.alwaysErrors, components),
    };
    const parameters = [
      ...(documented.pathParameters ?? []).map(({ name, description }) => ({
        name,
        in: 'path',
        required: true,
        description,
        schema: { type: 'string' },
      })),
      ...parametersOf(operation, components),
    ];
    if (parameters.length > 0) entry.parameters = parameters;
    if (documented.requestContent) {
      entry.requestBody = {
        required: true,
        description: documented.requestContent.description,
        content: Object.fromEntries(
          documented.requestContent.mediaTypes.map(({ mediaType, schema }) => [
            mediaType,
            { schema: schema ? jsonSchemaOf(schema, 'input', components) : { type: 'string' } },
          ]),
        ),
      };
    } else if (operation.request?.in === 'body') {
      entry.requestBody = {
        required: true,
        content: {
          'application/json': { schema: jsonSchemaOf(operation.request.schema, 'input', components) },
        },
      };
    }
    for (const status of statusesOf(operation, options.alwaysErrors))
      if (status >= 400) errorStatuses.add(status);
    paths[path] = { ...paths[path], [operation.method.toLowerCase()]: entry };
  }
  jsonSchemaOf(errorBodySchema, 'output', components);
  const responses = Object.fromEntries(
    [...errorStatuses].sort().map((status) => [
      responseName(status),
      {
        description: ERROR_DESCRIPTIONS[status] ?? 'Error.',
        content: {
          'application/json': {
            schema: { $ref: '#/components/schemas/Error' },
            example: {
              error: { code: CODE_OF_STATUS[status] ?? 'INTERNAL', message: ERROR_DESCRIPTIONS[status] },
            },
          },
        },
      },
    ]),
  );
  return fixRefs({
    openapi: '3.1.0',
    info: options.info,
    servers: options.servers,
    tags: options.tags,
    paths,
    components: {
      schemas: components,
      responses,
      securitySchemes: {
        session: {
          type: 'http',
          scheme: 'bearer',
          description: 'The session returned by the login: `Authorization: Bearer <session>`.',
        },
      },
    },
  }) as OpenAPIV3.Document;
}
