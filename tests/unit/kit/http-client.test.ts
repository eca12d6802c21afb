import { context, trace } from '@opentelemetry/api';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { z } from 'zod';
import { HttpTransportClient, defineOperations, runWithRequestId } from '../../../pkg/kit';
import {
  AlreadyExistsError,
  InternalError,
  InvalidArgumentError,
  NotFoundError,
  UnavailableError,
} from '../../../pkg/object-model';
import { useTestTracing } from '../../support/test-tracing';

/** A request as the backend received it. */
interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A loopback backend whose answer each test sets, recording what it was sent. */
let answer: (response: ServerResponse) => void;
let received: Received[];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      });
      answer(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

let clients: HttpTransportClient[];
beforeEach(() => {
  received = [];
  clients = [];
  answer = (response) => json(response, 200, { ok: true });
});
afterEach(async () => {
  await Promise.all(clients.map((client) => client.close().catch(() => {})));
});

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function client(options: Partial<ConstructorParameters<typeof HttpTransportClient>[0]> = {}) {
  const made = new HttpTransportClient({ baseUrl, target: 'test-service', maxAttempts: 1, ...options });
  clients.push(made);
  return made;
}

const operations = defineOperations({
  get: {
    method: 'GET',
    path: '/users/:username/links/:id',
    summary: 'One link',
    request: { in: 'params', schema: z.object({ username: z.string(), id: z.string() }) },
    response: z.object({ url: z.string() }),
    status: 200,
    idempotent: true,
  },
  list: {
    method: 'GET',
    path: '/links',
    summary: 'Links',
    request: {
      in: 'query',
      schema: z.object({
        tag: z.string().optional(),
        limit: z.number().optional(),
        q: z.string().optional(),
      }),
    },
    response: z.object({ urls: z.array(z.string()) }),
    status: 200,
    idempotent: true,
  },
  add: {
    method: 'POST',
    path: '/links/:notAParam',
    summary: 'Add a link',
    request: { in: 'body', schema: z.object({ url: z.string() }) },
    response: z.object({ url: z.string() }),
    status: 201,
    idempotent: false,
  },
  remove: {
    method: 'DELETE',
    path: '/links',
    summary: 'Remove every link',
    status: 204,
    idempotent: true,
  },
});

describe('HttpTransportClient.callOperation: the request', () => {
  it('puts path parameters into the path, escaped, and sends no body', async () => {
    answer = (response) => json(response, 200, { url: 'https://x' });
    await client().callOperation(operations.get, { username: 'ann', id: 'a/b c' });
    expect(received).toEqual([
      expect.objectContaining({ method: 'GET', url: '/users/ann/links/a%2Fb%20c', body: '' }),
    ]);
    expect(received[0].headers['content-type']).toBeUndefined();
  });

  it('puts query fields into the query string, leaving out the unset ones', async () => {
    answer = (response) => json(response, 200, { urls: [] });
    await client().callOperation(operations.list, { tag: 'a&b', limit: 5, q: undefined });
    expect(received[0].url).toBe('/links?tag=a%26b&limit=5');
  });

  it('sends no query string when no field is set', async () => {
    answer = (response) => json(response, 200, { urls: [] });
    await client().callOperation(operations.list, { q: undefined });
    expect(received[0].url).toBe('/links');
  });

  it('sends a body request as JSON, leaving the path as declared', async () => {
    answer = (response) => json(response, 201, { url: 'https://x' });
    await client().callOperation(operations.add, { url: 'https://x' });
    expect(received).toEqual([
      expect.objectContaining({ method: 'POST', url: '/links/:notAParam', body: '{"url":"https://x"}' }),
    ]);
    expect(received[0].headers['content-type']).toBe('application/json');
  });

  it('sends JSON accept, the fixed headers and the per-call ones', async () => {
    let call = 0;
    const c = client({
      headers: { 'x-caller': 'gateway' },
      callHeaders: () => ({ 'x-call': String(++call) }),
    });
    await c.call({ method: 'GET', path: '/a', idempotent: true });
    await c.call({ method: 'GET', path: '/a', idempotent: true });
    expect(received.map(({ headers }) => [headers.accept, headers['x-caller'], headers['x-call']])).toEqual([
      ['application/json', 'gateway', '1'],
      ['application/json', 'gateway', '2'],
    ]);
  });

  it('forwards the request id being served, and none outside a request', async () => {
    const c = client();
    await runWithRequestId('req-42', () => c.call({ method: 'GET', path: '/a', idempotent: true }));
    await c.call({ method: 'GET', path: '/a', idempotent: true });
    expect(received.map(({ headers }) => headers['x-request-id'])).toEqual(['req-42', undefined]);
  });
});

describe('HttpTransportClient: trace context', () => {
  useTestTracing();

  it('sends the active span as W3C traceparent', async () => {
    const span = trace.getTracer('test').startSpan('caller');
    const c = client();
    await context.with(trace.setSpan(context.active(), span), () =>
      c.call({ method: 'GET', path: '/a', idempotent: true }),
    );
    span.end();
    const { traceId, spanId } = span.spanContext();
    expect(received[0].headers.traceparent).toBe(`00-${traceId}-${spanId}-01`);
  });
});

describe('HttpTransportClient.callOperation: the answer', () => {
  it('checks the answer against the response schema', async () => {
    answer = (response) => json(response, 200, { url: 42 });
    await expect(client().callOperation(operations.get, { username: 'a', id: 'b' })).rejects.toBeInstanceOf(
      z.ZodError,
    );
  });

  it('answers nothing for an operation without a response', async () => {
    answer = (response) => response.writeHead(204).end();
    await expect(client().callOperation(operations.remove, undefined)).resolves.toBeUndefined();
  });

  it('reads any 2xx as success, up to 299', async () => {
    answer = (response) => json(response, 299, { edge: true });
    await expect(client().call({ method: 'GET', path: '/a', idempotent: true })).resolves.toEqual({
      edge: true,
    });
  });

  it('reads a 3xx as a failure, not as an answer', async () => {
    answer = (response) => response.writeHead(300).end();
    await expect(client().call({ method: 'GET', path: '/a', idempotent: true })).rejects.toEqual(
      new InvalidArgumentError('test-service answered 300'),
    );
  });
});

describe('HttpTransportClient: errors come back as the domain classes', () => {
  it('rebuilds the class and message from the SPEC error body', async () => {
    answer = (response) => json(response, 409, { error: { code: 'ALREADY_EXISTS', message: 'link exists' } });
    const error = await client()
      .call({ method: 'POST', path: '/a', body: {}, idempotent: false })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlreadyExistsError);
    expect(error).toEqual(new AlreadyExistsError('link exists'));
  });

  it.each([
    ['an unknown code', { error: { code: 'TEAPOT', message: 'short and stout' } }],
    ['a message that is not a string', { error: { code: 'NOT_FOUND', message: 7 } }],
    ['no error field', { message: 'not found' }],
    ['a page that is not JSON', '<html>Not Found</html>'],
  ])('falls back to the status alone for %s', async (_what, body) => {
    answer = (response) =>
      response.writeHead(404).end(typeof body === 'string' ? body : JSON.stringify(body));
    await expect(client().call({ method: 'GET', path: '/a', idempotent: true })).rejects.toEqual(
      new NotFoundError('test-service answered 404'),
    );
  });

  it('reads a bare 500 as INTERNAL', async () => {
    answer = (response) => response.writeHead(500).end();
    await expect(client().call({ method: 'GET', path: '/a', idempotent: true })).rejects.toBeInstanceOf(
      InternalError,
    );
  });

  it('reports a backend that answers too late as unavailable, naming the timeout', async () => {
    answer = (response) => setTimeout(() => json(response, 200, {}), 1000).unref();
    await expect(
      client({ timeoutMs: 100 }).call({ method: 'GET', path: '/slow', idempotent: true }),
    ).rejects.toEqual(new UnavailableError('test-service is unavailable (no answer within 100 ms)'));
  });

  it('reports a body that stops arriving as unavailable, naming the timeout', async () => {
    answer = (response) => {
      response
        .writeHead(200, { 'content-type': 'application/json', 'content-length': '23' })
        .write('{"partial":');
      setTimeout(() => response.end(' "too late"}'), 1000).unref();
    };
    await expect(
      client({ timeoutMs: 100 }).call({ method: 'GET', path: '/stalled', idempotent: true }),
    ).rejects.toEqual(new UnavailableError('test-service is unavailable (no answer within 100 ms)'));
  });

  it('gives up on a connection whose set-up never completes within the timeout, not undici’s 10 s', async () => {
    // Accepts TCP and never answers the TLS handshake: the attempt stays in its connect phase.
    const sockets: Socket[] = [];
    const silent = createTcpServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const started = Date.now();
    try {
      await expect(
        client({ baseUrl: `https://127.0.0.1:${port}`, timeoutMs: 100 }).call({
          method: 'GET',
          path: '/a',
          idempotent: true,
        }),
      ).rejects.toEqual(new UnavailableError('test-service is unavailable (no answer within 100 ms)'));
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('refuses calls once closed', async () => {
    const c = client();
    await c.close();
    await expect(c.call({ method: 'GET', path: '/a', idempotent: true })).rejects.toEqual(
      new UnavailableError('test-service is unavailable (unreachable)'),
    );
    expect(received).toEqual([]);
  });

  it('retries an idempotent call once the backend is reachable again, but never a non-idempotent one', async () => {
    let failures = 1;
    answer = (response) => {
      if (failures-- > 0) response.socket?.destroy();
      else json(response, 200, { ok: true });
    };
    await expect(
      client({ maxAttempts: 2 }).call({ method: 'GET', path: '/a', idempotent: true }),
    ).resolves.toEqual({ ok: true });
    expect(received).toHaveLength(2);

    received = [];
    failures = 1;
    await expect(
      client({ maxAttempts: 2 }).call({ method: 'POST', path: '/a', body: {}, idempotent: false }),
    ).rejects.toEqual(new UnavailableError('test-service is unavailable (unreachable)'));
    expect(received).toHaveLength(1);
  });
});
