import { AsyncLocalStorage } from 'node:async_hooks';
import { z } from 'zod';
import {
  createHttpServer,
  defineOperations,
  serveOperations,
  statusesOf,
  type Authenticate,
  type Context,
  type ServeOptions,
} from '../../../pkg/kit';
import { PermissionDeniedError, UnauthenticatedError } from '../../../pkg/object-model';
import { createMetricsRegistry } from '../../../pkg/observability';
import { testLogger } from '../../support/silent-logger';

const operations = defineOperations({
  find: {
    method: 'GET',
    path: '/links',
    summary: 'Links with a tag',
    request: {
      in: 'query',
      schema: z.strictObject({ tag: z.string(), limit: z.coerce.number().int().max(10) }),
    },
    response: z.object({ tag: z.string(), limit: z.number(), caller: z.string().optional() }),
    status: 200,
    idempotent: true,
  },
  get: {
    method: 'GET',
    path: '/links/:id',
    summary: 'One link',
    request: { in: 'params', schema: z.strictObject({ id: z.string().regex(/^\d+$/) }) },
    response: z.object({ id: z.string() }),
    status: 200,
    idempotent: true,
  },
  add: {
    method: 'POST',
    path: '/links',
    summary: 'Add a link',
    request: { in: 'body', schema: z.strictObject({ url: z.url() }) },
    response: z.object({ url: z.string(), caller: z.string().optional(), scope: z.string().optional() }),
    status: 201,
    idempotent: false,
  },
  clear: {
    method: 'DELETE',
    path: '/links',
    summary: 'Remove every link',
    status: 204,
    idempotent: true,
  },
});

type Ops = typeof operations;

/** A server over the four operations, recording the context each handler ran with. */
function build(options: ServeOptions<Ops> = {}) {
  const contexts: Context[] = [];
  const scope = new AsyncLocalStorage<string>();
  const app = createHttpServer({
    logger: testLogger(),
    registry: createMetricsRegistry('kit-routes-test', false),
    readiness: {},
    routes: serveOperations(
      operations,
      {
        find: async ({ tag, limit }, ctx) => {
          contexts.push(ctx);
          return { tag, limit, caller: ctx.caller };
        },
        get: async ({ id }, ctx) => {
          contexts.push(ctx);
          const link = { id, owner: 'not for callers' };
          return link;
        },
        add: async ({ url }, ctx) => {
          contexts.push(ctx);
          return { url, caller: ctx.caller, scope: scope.getStore() };
        },
        clear: async (_request, ctx) => {
          contexts.push(ctx);
        },
      },
      options,
    ),
  });
  return { app, contexts, scope };
}

describe('serveOperations: the request each handler gets', () => {
  it('validates and coerces the query', async () => {
    const { app } = build();
    const response = await app.inject({ method: 'GET', url: '/links?tag=go&limit=3' });
    expect([response.statusCode, response.json()]).toEqual([200, { tag: 'go', limit: 3 }]);
  });

  it('refuses a query over its limit before the handler runs', async () => {
    const { app, contexts } = build();
    const response = await app.inject({ method: 'GET', url: '/links?tag=go&limit=11' });
    expect([response.statusCode, response.json().error.code]).toEqual([400, 'INVALID_ARGUMENT']);
    expect(response.json().error.message).toMatch(/^querystring limit /);
    expect(contexts).toEqual([]);
  });

  it('validates the path parameters', async () => {
    const { app, contexts } = build();
    expect((await app.inject({ method: 'GET', url: '/links/42' })).json()).toEqual({ id: '42' });
    const bad = await app.inject({ method: 'GET', url: '/links/abc' });
    expect([bad.statusCode, bad.json().error.message]).toEqual([400, expect.stringMatching(/^params id /)]);
    expect(contexts).toHaveLength(1);
  });

  it('validates the body and answers with the operation’s status', async () => {
    const { app } = build();
    const created = await app.inject({
      method: 'POST',
      url: '/links',
      payload: { url: 'https://a.example' },
    });
    expect([created.statusCode, created.json()]).toEqual([201, { url: 'https://a.example' }]);
    const bad = await app.inject({ method: 'POST', url: '/links', payload: { url: 'not a url' } });
    expect([bad.statusCode, bad.json().error.message]).toEqual([400, expect.stringMatching(/^body url /)]);
  });

  it('sends only the fields the response schema declares', async () => {
    const { app } = build();
    const response = await app.inject({ method: 'GET', url: '/links/42' });
    expect(response.body).toBe('{"id":"42"}');
  });

  it('answers an operation without a response with its status and no body', async () => {
    const { app } = build();
    const response = await app.inject({ method: 'DELETE', url: '/links' });
    expect([response.statusCode, response.body]).toEqual([204, '']);
  });

  it('hands on no body for an operation without a response, whatever its handler returns', async () => {
    const routes = serveOperations(operations, {
      find: async ({ tag, limit }) => ({ tag, limit }),
      get: async ({ id }) => ({ id }),
      add: async ({ url }) => ({ url }),
      // Types erased (a handler in JavaScript, say): the operation still declares no body.
      clear: async () => ({ cleared: true }) as unknown as void,
    });
    const clear = routes.find(({ method }) => method === 'DELETE')!;
    const request = {} as Parameters<typeof clear.handle>[0];
    await expect(clear.handle(request, { requestId: 'req-1' })).resolves.toEqual({
      status: 204,
      body: undefined,
    });
  });

  it('gives the handler the request id, and no caller when none is checked', async () => {
    const { app, contexts } = build();
    await app.inject({ method: 'GET', url: '/links/1', headers: { 'x-request-id': 'req-1' } });
    expect(contexts).toEqual([{ requestId: 'req-1', caller: undefined }]);
  });
});

describe('serveOperations: authentication', () => {
  const user: Authenticate = (request) => {
    const header = request.headers.authorization;
    if (header === undefined) throw new UnauthenticatedError();
    if (header === 'Bearer mallory') throw new PermissionDeniedError('mallory is banned');
    return header.replace('Bearer ', '');
  };

  it('hands the authenticated caller to the handler', async () => {
    const { app, contexts } = build({ authenticateAll: user });
    const response = await app.inject({
      method: 'GET',
      url: '/links?tag=a&limit=1',
      headers: { authorization: 'Bearer ann' },
    });
    expect(response.json()).toEqual({ tag: 'a', limit: 1, caller: 'ann' });
    expect(contexts[0].caller).toBe('ann');
  });

  it.each([
    ['no credentials', {}, 401, 'UNAUTHENTICATED'],
    ['a refused caller', { authorization: 'Bearer mallory' }, 403, 'PERMISSION_DENIED'],
  ])('refuses %s without running the handler', async (_what, headers, status, code) => {
    const { app, contexts } = build({ authenticateAll: user });
    const response = await app.inject({ method: 'GET', url: '/links?tag=a&limit=1', headers });
    expect([response.statusCode, response.json().error.code]).toEqual([status, code]);
    expect(contexts).toEqual([]);
  });

  it('uses an operation’s own check over the one for all, and the one for all elsewhere', async () => {
    const { app } = build({
      authenticateAll: user,
      authenticate: { add: async () => 'service:importer' },
    });
    const added = await app.inject({ method: 'POST', url: '/links', payload: { url: 'https://a.example' } });
    expect(added.json()).toMatchObject({ caller: 'service:importer' });
    const found = await app.inject({ method: 'GET', url: '/links?tag=a&limit=1' });
    expect(found.statusCode).toBe(401);
  });

  it('runs the handler inside the scope an authenticated caller brings', async () => {
    const built = build({
      authenticate: {
        add: () => ({ caller: 'ann', within: (run) => built.scope.run('ann’s scope', run) }),
      },
    });
    const response = await built.app.inject({
      method: 'POST',
      url: '/links',
      payload: { url: 'https://a.example' },
    });
    expect(response.json()).toEqual({ url: 'https://a.example', caller: 'ann', scope: 'ann’s scope' });
  });
});

describe('serveOperations: authorization before validation', () => {
  const seen: Array<{ body: unknown; summary: string }> = [];
  const onlyImporter = async (
    request: { headers: Record<string, unknown>; body: unknown },
    operation: { summary: string },
  ) => {
    seen.push({ body: request.body, summary: operation.summary });
    if (request.headers['x-caller'] !== 'importer') throw new PermissionDeniedError('not a caller of add');
  };
  const options: ServeOptions<Ops> = {
    authorize: {
      add: onlyImporter,
      find: async () => {},
      get: async () => {},
      clear: async () => {
        throw new UnauthenticatedError('no caller token');
      },
    },
  };
  beforeEach(() => {
    seen.length = 0;
  });

  it('refuses a caller the check refuses even when its request is invalid, before anything validates it', async () => {
    const { app, contexts } = build(options);
    const response = await app.inject({ method: 'POST', url: '/links', payload: { url: 'not a url' } });
    expect([response.statusCode, response.json().error]).toEqual([
      403,
      { code: 'PERMISSION_DENIED', message: 'not a caller of add' },
    ]);
    expect(contexts).toEqual([]);
  });

  it('gives the check the raw request and its own operation', async () => {
    const { app } = build(options);
    await app.inject({
      method: 'POST',
      url: '/links',
      payload: { url: 'https://a.example' },
      headers: { 'x-caller': 'importer' },
    });
    expect(seen).toEqual([{ body: { url: 'https://a.example' }, summary: 'Add a link' }]);
  });

  it('lets an allowed caller through to validation and the handler', async () => {
    const { app, contexts } = build(options);
    const invalid = await app.inject({
      method: 'POST',
      url: '/links',
      payload: { url: 'not a url' },
      headers: { 'x-caller': 'importer' },
    });
    expect(invalid.statusCode).toBe(400);
    const valid = await app.inject({
      method: 'POST',
      url: '/links',
      payload: { url: 'https://a.example' },
      headers: { 'x-caller': 'importer' },
    });
    expect(valid.statusCode).toBe(201);
    expect(contexts).toHaveLength(1);
  });

  it('applies each operation’s check to that operation only', async () => {
    const { app } = build(options);
    expect((await app.inject({ method: 'GET', url: '/links/1' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'DELETE', url: '/links' })).statusCode).toBe(401);
  });
});

describe('statusesOf', () => {
  it('lists the success status, the ones every route answers and the operation’s own, sorted, once each', () => {
    expect(statusesOf({ ...operations.add, errors: [409, 400, 422] }, [503, 400, 500])).toEqual([
      201, 400, 409, 422, 500, 503,
    ]);
    expect(statusesOf(operations.clear, [])).toEqual([204]);
  });
});
