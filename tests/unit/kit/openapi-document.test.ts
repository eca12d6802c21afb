import { z } from 'zod';
import {
  defineOperations,
  documentedStatuses,
  openApiDocument,
  type DocumentedOperation,
  type HttpOperation,
  type OpenApiOptions,
} from '../../../pkg/kit';

const Link = z.object({ url: z.string(), title: z.string() }).meta({ id: 'Link' });

const operations = defineOperations({
  getLinks: {
    method: 'GET',
    path: '/users/:username/links',
    summary: 'List links',
    request: {
      in: 'query',
      schema: z.object({
        tag: z.string().meta({ description: 'Only links with this tag.', examples: ['go'] }),
        limit: z.number().optional(),
      }),
    },
    response: z.object({ links: z.array(Link) }),
    status: 200,
    idempotent: true,
    errors: [404],
  },
  getLink: {
    method: 'GET',
    path: '/links/:id',
    summary: 'One link',
    request: { in: 'params', schema: z.object({ id: z.string() }) },
    response: Link,
    status: 200,
    idempotent: true,
  },
  addLink: {
    method: 'POST',
    path: '/links/:id',
    summary: 'Add a link',
    request: { in: 'body', schema: z.object({ url: z.string(), title: z.string().default('') }) },
    response: Link,
    status: 201,
    idempotent: false,
    errors: [409, 418],
  },
  removeLinks: {
    method: 'DELETE',
    path: '/links',
    summary: 'Remove all links',
    status: 204,
    idempotent: true,
  },
});

function document(operationsShown: DocumentedOperation[], alwaysErrors: readonly number[] = [500]) {
  const options: OpenApiOptions = {
    info: {
      title: 'Test API',
      version: '1.0.0',
      description: 'For the tests.',
      license: { name: 'MIT', identifier: 'MIT' },
      contact: { name: 'team', url: 'https://example.com' },
    },
    servers: [{ url: 'http://localhost', description: 'here' }],
    tags: [{ name: 'links', description: 'Links' }],
    operations: operationsShown,
    alwaysErrors,
  };
  return openApiDocument(options) as unknown as {
    openapi: string;
    info: unknown;
    paths: Record<string, Record<string, { responses: Record<string, unknown>; [field: string]: unknown }>>;
    components: {
      schemas: Record<string, unknown>;
      responses: Record<string, unknown>;
      securitySchemes: Record<string, unknown>;
    };
  };
}

const shown = (operation: HttpOperation, extra: Partial<DocumentedOperation> = {}) => ({
  operationId: operation.summary.replaceAll(' ', ''),
  tag: 'links',
  secured: false,
  operation,
  ...extra,
});

describe('openApiDocument: operations', () => {
  it('writes path parameters in OpenAPI syntax and names the operation', () => {
    const doc = document([shown(operations.getLink, { secured: true })]);
    expect(doc.openapi).toBe('3.1.0');
    const entry = doc.paths['/links/{id}'].get;
    expect(entry).toMatchObject({
      operationId: 'Onelink',
      summary: 'One link',
      description: 'One link.',
      tags: ['links'],
      security: [{ session: [] }],
    });
    expect(entry.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
    ]);
  });

  it('documents a path parameter as required even when its schema lets it be absent (OpenAPI demands it)', () => {
    const { getLinkMaybe } = defineOperations({
      getLinkMaybe: {
        method: 'GET',
        path: '/maybe/:id',
        summary: 'Maybe one link',
        request: { in: 'params', schema: z.object({ id: z.string().optional() }) },
        response: Link,
        status: 200,
        idempotent: true,
      },
    });
    const entry = document([shown(getLinkMaybe)]).paths['/maybe/{id}'].get;
    expect(entry.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
    ]);
  });

  it('documents query fields as parameters, required only when the schema requires them, with their description and example', () => {
    const doc = document([shown(operations.getLinks, { description: 'All of them.' })]);
    const entry = doc.paths['/users/{username}/links'].get;
    expect(entry.description).toBe('All of them.');
    expect(entry.security).toEqual([]);
    expect(entry.parameters).toEqual([
      {
        name: 'tag',
        in: 'query',
        required: true,
        description: 'Only links with this tag.',
        example: 'go',
        schema: { type: 'string' },
      },
      { name: 'limit', in: 'query', required: false, schema: { type: 'number' } },
    ]);
  });

  it('documents path parameters given beside a query request first', () => {
    const doc = document([
      shown(operations.getLinks, { pathParameters: [{ name: 'username', description: 'Whose links.' }] }),
    ]);
    const parameters = doc.paths['/users/{username}/links'].get.parameters as Array<{
      name: string;
      in: string;
    }>;
    expect(parameters[0]).toEqual({
      name: 'username',
      in: 'path',
      required: true,
      description: 'Whose links.',
      schema: { type: 'string' },
    });
    expect(parameters.map(({ name }) => name)).toEqual(['username', 'tag', 'limit']);
  });

  it('refers a query parameter of a named schema to its component', () => {
    const Order = z.enum(['newest', 'oldest']).meta({ id: 'Order' });
    const sorted = {
      ...operations.getLinks,
      request: { in: 'query' as const, schema: z.object({ order: Order }) },
    };
    const doc = document([shown(sorted)]);
    expect(doc.paths['/users/{username}/links'].get.parameters).toEqual([
      { name: 'order', in: 'query', required: true, schema: { $ref: '#/components/schemas/Order' } },
    ]);
    expect(doc.components.schemas.Order).toEqual({ type: 'string', enum: ['newest', 'oldest'] });
  });

  it('documents a query field with a default as not required', () => {
    const sorted = {
      ...operations.getLinks,
      request: { in: 'query' as const, schema: z.object({ order: z.string().default('newest') }) },
    };
    expect(document([shown(sorted)]).paths['/users/{username}/links'].get.parameters).toEqual([
      { name: 'order', in: 'query', required: false, schema: { type: 'string', default: 'newest' } },
    ]);
  });

  it('documents a JSON body as the input schema, and no parameters for it', () => {
    const entry = document([shown(operations.addLink)]).paths['/links/{id}'].post;
    expect(entry.parameters).toBeUndefined();
    expect(entry.requestBody).toEqual({
      required: true,
      content: {
        'application/json': {
          schema: expect.objectContaining({
            type: 'object',
            properties: { url: { type: 'string' }, title: { type: 'string', default: '' } },
            required: ['url'],
          }),
        },
      },
    });
  });

  it('documents a file body with its own media types', () => {
    const entry = document([
      shown(operations.addLink, {
        requestContent: {
          description: 'A bookmarks file.',
          mediaTypes: [
            { mediaType: 'text/html' },
            {
              mediaType: 'application/json',
              schema: z.array(z.object({ url: z.string(), title: z.string().default('') })),
            },
          ],
        },
      }),
    ]).paths['/links/{id}'].post;
    expect(entry.requestBody).toEqual({
      required: true,
      description: 'A bookmarks file.',
      content: {
        'text/html': { schema: { type: 'string' } },
        'application/json': {
          schema: {
            type: 'array',
            items: {
              type: 'object',
              properties: { url: { type: 'string' }, title: { type: 'string', default: '' } },
              required: ['url'],
            },
          },
        },
      },
    });
  });

  it('puts several methods of one path under that path', () => {
    const doc = document([shown(operations.getLink), shown(operations.addLink)]);
    expect(Object.keys(doc.paths['/links/{id}'])).toEqual(['get', 'post']);
  });
});

describe('openApiDocument: responses', () => {
  it('refers a named schema to its component and lists every error status as a shared response', () => {
    const doc = document([shown(operations.getLinks)], [500, 400]);
    expect(doc.paths['/users/{username}/links'].get.responses).toEqual({
      200: {
        description: 'List links',
        content: {
          'application/json': {
            schema: expect.objectContaining({
              properties: { links: { type: 'array', items: { $ref: '#/components/schemas/Link' } } },
            }),
          },
        },
      },
      400: { $ref: '#/components/responses/Error400' },
      404: { $ref: '#/components/responses/Error404' },
      500: { $ref: '#/components/responses/Error500' },
    });
    expect(doc.components.schemas.Link).toEqual(expect.objectContaining({ type: 'object' }));
    expect(Object.keys(doc.components.responses)).toEqual(['Error400', 'Error404', 'Error500']);
  });

  it('lists the shared error responses of all operations sorted by status, each once', () => {
    const doc = document([shown(operations.getLinks), shown(operations.addLink)], [500, 400]);
    expect(Object.keys(doc.components.responses)).toEqual([
      'Error400',
      'Error404',
      'Error409',
      'Error418',
      'Error500',
    ]);
  });

  it('refers an operation whose response is itself a named schema to that component', () => {
    const doc = document([shown(operations.getLink)]);
    expect(doc.paths['/links/{id}'].get.responses[200]).toEqual({
      description: 'One link',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Link' } } },
    });
    expect(doc.components.schemas.Link).toEqual({
      type: 'object',
      properties: { url: { type: 'string' }, title: { type: 'string' } },
      required: ['url', 'title'],
      additionalProperties: false,
    });
  });

  it('documents a response field JSON Schema cannot express (a date) as any value, and a bigint literal as its number', () => {
    const dated = { ...operations.getLink, response: z.object({ at: z.date(), version: z.literal(2n) }) };
    expect(document([shown(dated)]).paths['/links/{id}'].get.responses[200]).toEqual({
      description: 'One link',
      content: {
        'application/json': {
          schema: {
            type: 'object',
            properties: { at: {}, version: { type: 'number', const: 2 } },
            required: ['at', 'version'],
            additionalProperties: false,
          },
        },
      },
    });
  });

  it('says "done, no content" for an operation without a response', () => {
    expect(document([shown(operations.removeLinks)], []).paths['/links'].delete.responses).toEqual({
      204: { description: 'Remove all links: done, no content.' },
    });
  });

  it('documents a redirect with its Location in place of the success', () => {
    const responses = document([
      shown(operations.getLink, { redirect: { status: 302, description: 'To the login page.' } }),
    ]).paths['/links/{id}'].get.responses;
    expect(responses[302]).toEqual({
      description: 'To the login page.',
      headers: { Location: { description: 'Where the browser goes next.', schema: { type: 'string' } } },
    });
    expect(responses[200]).toBeUndefined();
  });

  it('documents a success that is not JSON with its media type', () => {
    const responses = document([
      shown(operations.getLink, {
        responseContent: { mediaType: 'application/atom+xml', description: 'A feed.' },
      }),
    ]).paths['/links/{id}'].get.responses;
    expect(responses[200]).toEqual({
      description: 'A feed.',
      content: { 'application/atom+xml': { schema: { type: 'string' } } },
    });
  });

  it('describes each error response with its code and the one error schema, sorted by status', () => {
    const doc = document([shown(operations.addLink)], [500]);
    expect(Object.keys(doc.components.responses)).toEqual(['Error409', 'Error418', 'Error500']);
    expect(doc.components.responses.Error409).toEqual({
      description: 'Already exists.',
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/Error' },
          example: { error: { code: 'ALREADY_EXISTS', message: 'Already exists.' } },
        },
      },
    });
    expect(doc.components.responses.Error418).toEqual({
      description: 'Error.',
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/Error' },
          example: { error: { code: 'INTERNAL' } },
        },
      },
    });
    expect(doc.components.schemas.Error).toEqual(
      expect.objectContaining({
        description: 'The body of every error response.',
        additionalProperties: false,
      }),
    );
    expect(doc.components.securitySchemes).toEqual({
      session: {
        type: 'http',
        scheme: 'bearer',
        description: 'The session returned by the login: `Authorization: Bearer <session>`.',
      },
    });
  });
});

describe('documentedStatuses', () => {
  it('lists the success and the errors, the redirect in place of the success', () => {
    expect(documentedStatuses(shown(operations.getLinks), [500])).toEqual([200, 404, 500]);
    expect(
      documentedStatuses(shown(operations.getLinks, { redirect: { status: 302, description: 'x' } }), [500]),
    ).toEqual([302, 404, 500]);
  });
});
