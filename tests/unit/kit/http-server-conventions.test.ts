import { trace } from '@opentelemetry/api';
import { z } from 'zod';
import { createHttpServer, defineOperations, serveOperations, type ReadinessChecks } from '../../../pkg/kit';
import { createMetricsRegistry } from '../../../pkg/observability';
import { testLogger } from '../../support/silent-logger';
import { useTraceContext } from '../../support/test-tracing';

const operations = defineOperations({
  list: {
    method: 'GET',
    path: '/users/:username/links',
    summary: 'A user’s links',
    request: { in: 'params', schema: z.object({ username: z.string() }) },
    response: z.object({ ip: z.string() }),
    status: 200,
    idempotent: true,
  },
  add: {
    method: 'POST',
    path: '/users/:username/links',
    summary: 'Add a link',
    request: { in: 'params', schema: z.object({ username: z.string() }) },
    response: z.object({ ip: z.string() }),
    status: 201,
    idempotent: false,
  },
  remove: {
    method: 'DELETE',
    path: '/links/v1.0',
    summary: 'A path with a dot',
    status: 204,
    idempotent: true,
  },
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function build(
  options: { readiness?: ReadinessChecks; trustProxy?: number; catchAll?: string; wildcard?: string } = {},
) {
  return createHttpServer({
    logger: testLogger(),
    registry: createMetricsRegistry('kit-conventions-test', false),
    readiness: options.readiness ?? {},
    trustProxy: options.trustProxy,
    plugins: [
      async (app) => {
        app.options(options.catchAll ?? '*', async () => 'preflight');
        if (options.wildcard) app.get(options.wildcard, async () => 'a file');
      },
    ],
    routes: serveOperations(operations, {
      list: async () => ({ ip: '' }),
      add: async () => ({ ip: '' }),
      remove: async () => {},
    }),
  });
}

describe('HTTP server: a path answered under other methods', () => {
  it('answers 405 with the methods it does answer, HEAD included beside GET', async () => {
    const response = await build().inject({ method: 'PUT', url: '/users/ann/links?page=2' });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('GET, POST, HEAD');
    expect(response.json()).toEqual({
      error: {
        code: 'METHOD_NOT_ALLOWED',
        message: '/users/ann/links does not answer PUT; it answers GET, POST',
      },
    });
  });

  it('names no HEAD for a path with no GET', async () => {
    const response = await build().inject({ method: 'GET', url: '/links/v1.0' });
    expect([response.statusCode, response.headers.allow]).toEqual([405, 'DELETE']);
  });

  it('matches a dot in a path literally, and a trailing slash as the same path', async () => {
    expect((await build().inject({ method: 'GET', url: '/links/v1x0' })).statusCode).toBe(404);
    expect((await build().inject({ method: 'PUT', url: '/users/ann/links/' })).statusCode).toBe(405);
  });

  it('answers 404 for a path no route has, even below a known one', async () => {
    for (const url of ['/users/ann/links/extra', '/users//links/x', '/elsewhere']) {
      const response = await build().inject({ method: 'PUT', url });
      expect([url, response.statusCode]).toEqual([url, 404]);
    }
  });

  it.each(['*', '/*'])(
    'lets a catch-all route (CORS preflight at %s) make no path answer 405',
    async (catchAll) => {
      const response = await build({ catchAll }).inject({ method: 'PATCH', url: '/elsewhere' });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.message).toBe('no route PATCH /elsewhere');
    },
  );

  it('matches a wildcard at the end of a path against any rest of the path', async () => {
    const app = build({ wildcard: '/files/*' });
    const response = await app.inject({ method: 'PUT', url: '/files/a/b.txt' });
    expect([response.statusCode, response.headers.allow]).toEqual([405, 'GET, HEAD']);
    expect((await app.inject({ method: 'PUT', url: '/other/a/b.txt' })).statusCode).toBe(404);
  });

  it('answers 404, not 405, for a path that only looks like one answered under the same method', async () => {
    const response = await build().inject({ method: 'GET', url: '/users/ann/links/' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('NOT_FOUND');
  });
});

describe('HTTP server: trace context', () => {
  useTraceContext();

  function traceSeen(headers: Record<string, string>) {
    let seen: string | undefined = 'not called';
    const app = createHttpServer({
      logger: testLogger(),
      registry: createMetricsRegistry('kit-trace-test', false),
      readiness: {},
      routes: serveOperations(operations, {
        list: async () => {
          seen = trace.getActiveSpan()?.spanContext().traceId;
          return { ip: '' };
        },
        add: async () => ({ ip: '' }),
        remove: async () => {},
      }),
    });
    return app.inject({ method: 'GET', url: '/users/ann/links', headers }).then(() => seen);
  }

  it('runs the route in the caller’s trace', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    expect(await traceSeen({ traceparent: `00-${traceId}-00f067aa0ba902b7-01` })).toBe(traceId);
  });

  it('runs the route in no trace when the caller sent none', async () => {
    expect(await traceSeen({})).toBeUndefined();
  });
});

describe('HTTP server: request ids', () => {
  it('echoes a well-formed request id of up to 128 characters', async () => {
    const id = 'a'.repeat(127) + '.';
    const response = await build().inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': id },
    });
    expect(response.headers['x-request-id']).toBe(id);
  });

  it.each([
    ['too long', 'a'.repeat(129)],
    ['with a space', 'req 1'],
    ['empty', ''],
  ])('replaces a request id %s with a fresh one', async (_what, id) => {
    const response = await build().inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': id },
    });
    expect(response.headers['x-request-id']).toMatch(UUID);
  });

  it('gives a request that sent no request id a fresh one', async () => {
    const response = await build().inject({ method: 'GET', url: '/healthz' });
    expect(response.headers['x-request-id']).toMatch(UUID);
  });

  it('takes a request id from x-request-id only, not from a request-id header', async () => {
    const response = await build().inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'request-id': 'forged' },
    });
    expect(response.headers['x-request-id']).toMatch(UUID);
  });
});

describe('HTTP server: the caller’s address behind proxies', () => {
  function ipSeen(trustProxy: number | undefined, forwardedFor: string): Promise<string> {
    const app = createHttpServer({
      logger: testLogger(),
      registry: createMetricsRegistry('kit-proxy-test', false),
      readiness: {},
      trustProxy,
      plugins: [
        async (scope) => {
          scope.get('/ip', async (request) => ({ ip: request.ip }));
        },
      ],
    });
    return app
      .inject({
        method: 'GET',
        url: '/ip',
        remoteAddress: '10.0.0.9',
        headers: { 'x-forwarded-for': forwardedFor },
      })
      .then((response) => response.json().ip);
  }

  it('trusts no X-Forwarded-For by default', async () => {
    expect(await ipSeen(undefined, '203.0.113.7')).toBe('10.0.0.9');
    expect(await ipSeen(0, '203.0.113.7')).toBe('10.0.0.9');
  });

  it('trusts exactly the configured number of hops', async () => {
    expect(await ipSeen(1, '198.51.100.1, 203.0.113.7')).toBe('203.0.113.7');
    expect(await ipSeen(2, '198.51.100.1, 203.0.113.7')).toBe('198.51.100.1');
  });
});

describe('HTTP server: admin routes', () => {
  it('answers /healthz with ok', async () => {
    const response = await build().inject({ method: 'GET', url: '/healthz' });
    expect([response.statusCode, response.json()]).toEqual([200, { status: 'ok' }]);
  });

  it('answers /readyz with each check when all pass', async () => {
    const response = await build({ readiness: { database: async () => 'up', nats: async () => {} } }).inject({
      method: 'GET',
      url: '/readyz',
    });
    expect([response.statusCode, response.json()]).toEqual([
      200,
      { status: 'ready', checks: { database: 'ok', nats: 'ok' } },
    ]);
  });

  it('names every failed check in the 503', async () => {
    const response = await build({
      readiness: {
        database: () => Promise.reject(new Error('refused')),
        redis: async () => {},
        nats: () => Promise.reject(new Error('no route')),
      },
    }).inject({ method: 'GET', url: '/readyz' });
    expect([response.statusCode, response.json().error.message]).toEqual([503, 'not ready: database, nats']);
  });

  it('fails a check that does not answer within 2 s', async () => {
    const started = Date.now();
    const response = await build({ readiness: { database: () => new Promise(() => {}) } }).inject({
      method: 'GET',
      url: '/readyz',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(response.json().checks).toEqual({ database: 'failed: no answer within 2000 ms' });
  });

  it('stops the 2 s timer of a check once it has answered', async () => {
    const app = build({ readiness: { database: async () => {} } });
    await app.ready();
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      const response = await app.inject({ method: 'GET', url: '/readyz' });
      expect([response.statusCode, jest.getTimerCount()]).toEqual([200, 0]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('serves /metrics in the registry’s own content type', async () => {
    const response = await build().inject({ method: 'GET', url: '/metrics' });
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.body).toContain('# TYPE delinkcious_http_request_duration_seconds histogram');
  });
});
