import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { z } from 'zod';
import { createHttpServer, defineOperations, serveOperations } from '../../../pkg/kit';
import { UnavailableError } from '../../../pkg/object-model';
import { createMetricsRegistry } from '../../../pkg/observability';
import { testLogger } from '../../support/silent-logger';

const echoOperations = defineOperations({
  echo: {
    method: 'POST',
    path: '/echo',
    summary: 'Double a number',
    request: { in: 'body', schema: z.strictObject({ n: z.number().int() }) },
    response: z.object({ doubled: z.number() }),
    status: 200,
    idempotent: true,
  },
});

function build(readiness: Record<string, () => Promise<unknown>> = {}) {
  return createHttpServer({
    logger: testLogger(),
    registry: createMetricsRegistry('kit-test', false),
    readiness,
    bodyLimit: 1024,
    routes: serveOperations(echoOperations, {
      echo: async ({ n }) => {
        if (n === 13) throw new Error('secret database password in a stack trace');
        if (n === 503) throw new UnavailableError('user-service is unavailable');
        return { doubled: n * 2 };
      },
    }),
  });
}

describe('createHttpServer', () => {
  it('runs the handler on the validated request and serialises its answer', async () => {
    const app = build();
    const response = await app.inject({ method: 'POST', url: '/echo', payload: { n: 21 } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ doubled: 42 });
  });

  it.each([
    ['a string where a number belongs (no coercion)', { n: '21' }, 400, 'INVALID_ARGUMENT'],
    ['a missing field', {}, 400, 'INVALID_ARGUMENT'],
    ['an unknown field', { n: 1, m: 2 }, 400, 'INVALID_ARGUMENT'],
    ['a body over the limit', { n: 1, pad: 'x'.repeat(2000) }, 413, 'PAYLOAD_TOO_LARGE'],
    ['a failing dependency', { n: 503 }, 503, 'UNAVAILABLE'],
  ])('maps %s to the SPEC error body', async (_name, payload, status, code) => {
    const response = await build().inject({ method: 'POST', url: '/echo', payload });
    expect(response.statusCode).toBe(status);
    expect(response.json()).toEqual({ error: { code, message: expect.any(String) } });
  });

  it('hides unexpected errors behind a bare 500', async () => {
    const response = await build().inject({ method: 'POST', url: '/echo', payload: { n: 13 } });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ error: { code: 'INTERNAL', message: 'internal error' } });
    expect(response.body).not.toMatch(/secret|stack|at /);
  });

  it('answers malformed JSON and unknown routes with the SPEC body', async () => {
    const app = build();
    const bad = await app.inject({
      method: 'POST',
      url: '/echo',
      payload: '{"n":',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('INVALID_ARGUMENT');
    const missing = await app.inject({ method: 'GET', url: '/nowhere' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'no route GET /nowhere' } });
  });

  it('keeps the status of a framework or plugin refusal (403, 415, 406) instead of turning it into 400', async () => {
    const app = createHttpServer({
      logger: testLogger(),
      registry: createMetricsRegistry('kit-test', false),
      readiness: {},
      plugins: [
        async (scope) => {
          scope.get('/guarded', async () => {
            throw Object.assign(new Error('not from here'), { statusCode: 403 });
          });
          scope.get('/picky', async () => {
            throw Object.assign(new Error('cannot answer in that format'), { statusCode: 406 });
          });
        },
      ],
      routes: serveOperations(echoOperations, { echo: async ({ n }) => ({ doubled: n * 2 }) }),
    });
    const guarded = await app.inject({ method: 'GET', url: '/guarded' });
    expect([guarded.statusCode, guarded.json()]).toEqual([
      403,
      { error: { code: 'PERMISSION_DENIED', message: 'not from here' } },
    ]);
    const picky = await app.inject({ method: 'GET', url: '/picky' });
    expect([picky.statusCode, picky.json().error.code]).toEqual([406, 'INVALID_ARGUMENT']);
    const text = await app.inject({
      method: 'POST',
      url: '/echo',
      payload: '{"n":1}',
      headers: { 'content-type': 'text/plain' },
    });
    expect([text.statusCode, text.json().error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
  });

  it('counts requests by route template and status on /metrics', async () => {
    const app = build();
    await app.inject({ method: 'POST', url: '/echo', payload: { n: 1 } });
    await app.inject({ method: 'POST', url: '/echo', payload: { n: 503 } });
    await app.inject({ method: 'GET', url: '/no/such/link/123' });
    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    const count = (labels: string) =>
      new RegExp(`delinkcious_http_request_duration_seconds_count\\{[^}]*${labels}[^}]*\\} (\\d+)`).exec(
        metrics,
      )?.[1];
    expect(count('method="POST",route="/echo",status="200"')).toBe('1');
    expect(count('method="POST",route="/echo",status="503"')).toBe('1');
    // An unmatched path is one series, not one per raw url.
    expect(count('method="GET",route="unmatched",status="404"')).toBe('1');
    expect(metrics).not.toContain('/no/such/link');
  });

  it('reports readiness per dependency, 503 when one fails', async () => {
    const app = build({
      database: async () => {},
      nats: async () => Promise.reject(new Error('connection refused')),
    });
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      error: { code: 'UNAVAILABLE', message: 'not ready: nats' },
      checks: { database: 'ok', nats: 'failed: connection refused' },
    });
  });
});

describe('createHttpServer while it shuts down', () => {
  const slowOperations = defineOperations({
    slow: {
      method: 'GET',
      path: '/slow',
      summary: 'Answer once released',
      response: z.object({ ok: z.boolean() }),
      status: 200,
      idempotent: true,
    },
  });

  it('finishes the request in flight, and refuses the next one on that connection with 503 and the SPEC body', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const app = createHttpServer({
      logger: testLogger(),
      registry: createMetricsRegistry('kit-test', false),
      readiness: {},
      routes: serveOperations(slowOperations, { slow: async () => held.then(() => ({ ok: true })) }),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const socket = connect((app.server.address() as AddressInfo).port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    const request = 'GET /slow HTTP/1.1\r\nhost: test\r\n\r\n';
    socket.write(request);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = app.close();
    // A keep-alive client's next request, sent on the same connection once the shutdown began.
    socket.write(request);
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    await closed;
    await once(socket, 'close');

    const [first, second] = received.split(/(?=HTTP\/1\.1 )/);
    expect(first).toMatch(/^HTTP\/1\.1 200 /);
    expect(first).toContain('{"ok":true}');
    expect(second).toMatch(/^HTTP\/1\.1 503 /);
    expect(second.toLowerCase()).toContain('connection: close');
    expect(JSON.parse(second.slice(second.indexOf('\r\n\r\n') + 4))).toEqual({
      error: { code: 'UNAVAILABLE', message: 'this replica is shutting down; send the request again' },
    });
  });
});
