import { Writable } from 'node:stream';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import * as grpc from '@grpc/grpc-js';
import pino from 'pino';
import {
  GrpcTransportClient,
  createGrpcServer,
  runWithRequestId,
  unaryRoute,
  type GrpcServer,
} from '../../../pkg/kit';
import {
  InternalError,
  NotFoundError,
  PermissionDeniedError,
  UnauthenticatedError,
  UnavailableError,
} from '../../../pkg/object-model';
import { loadHealthProto } from '../../../pb/protos';
import { News, getNews } from './news-call';
import type { GetNewsRequest } from '../../../pb/generated/pb/GetNewsRequest';
import type { GetNewsResponse__Output } from '../../../pb/generated/pb/GetNewsResponse';
import type { HealthClient } from '../../../pb/generated/grpc/health/v1/Health';
import type { HealthCheckResponse__Output } from '../../../pb/generated/grpc/health/v1/HealthCheckResponse';

const Health = loadHealthProto().grpc.health.v1.Health;

/** What the route saw of each call: the request id, the metadata's caller, and whether it ran. */
interface Seen {
  requestId?: string;
  ran: boolean;
  authorizedWith?: { username?: string; caller?: string };
}

/** A server with one GetNews route whose checks and handler each test sets. */
function newsServer(options: { shutdownGraceMs?: number } = {}) {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const seen: Seen = { ran: false };
  const behaviour: {
    authorize: (request: GetNewsRequest, metadata: grpc.Metadata) => Promise<void>;
    handle: (username: string) => Promise<string>;
  } = { authorize: async () => {}, handle: async (username) => `token-for-${username}` };
  const server = createGrpcServer({
    logger: pino({ level: 'info' }, sink),
    shutdownGraceMs: options.shutdownGraceMs,
    services: [
      {
        name: 'pb.News',
        definition: News.service,
        routes: {
          GetNews: unaryRoute({
            authorize: async (request: GetNewsRequest, metadata) => {
              seen.authorizedWith = {
                username: request.username,
                caller: metadata.get('x-caller')[0] as string,
              };
              await behaviour.authorize(request, metadata);
            },
            decode: (request: GetNewsRequest) => request.username ?? '',
            endpoint: (username: string, ctx) => {
              seen.ran = true;
              seen.requestId = ctx.requestId;
              return behaviour.handle(username);
            },
            encode: (token: string) => ({ events: [], nextToken: token, err: '' }),
          }),
        },
      },
    ],
  });
  return { server, lines, seen, behaviour };
}

/** One raw GetNews call, with the metadata given; resolves to the answer or the error. */
function rawCall(port: number, metadata: Record<string, string> = {}) {
  const raw = new News(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const sent = new grpc.Metadata();
  for (const [key, value] of Object.entries(metadata)) sent.set(key, value);
  return new Promise<GetNewsResponse__Output | grpc.ServiceError>((resolve) =>
    raw.GetNews({ username: 'ann' }, sent, (error, response) => {
      raw.close();
      resolve(error ?? (response as GetNewsResponse__Output));
    }),
  );
}

describe('gRPC server: checks and request ids', () => {
  let built: ReturnType<typeof newsServer>;
  let port: number;
  // A server per test, built inside it: what the server wires up when it is built (the rpc
  // name each handler logs) is then run by the test that reads it.
  beforeEach(async () => {
    built = newsServer();
    port = await built.server.listen(0, '127.0.0.1');
  });
  afterEach(() => built.server.stop());

  it('gives the authorize check the raw request and its metadata before the endpoint runs', async () => {
    expect(await rawCall(port, { 'x-caller': 'news-service' })).toMatchObject({ nextToken: 'token-for-ann' });
    expect(built.seen.authorizedWith).toEqual({ username: 'ann', caller: 'news-service' });
    expect(built.seen.ran).toBe(true);
  });

  it.each([
    ['UNAUTHENTICATED', new UnauthenticatedError('no caller token'), grpc.status.UNAUTHENTICATED],
    [
      'PERMISSION_DENIED',
      new PermissionDeniedError('not a caller of this rpc'),
      grpc.status.PERMISSION_DENIED,
    ],
  ])(
    'refuses a call its check refuses with %s, without running the endpoint',
    async (_code, refusal, status) => {
      built.behaviour.authorize = async () => {
        throw refusal;
      };
      const error = (await rawCall(port)) as grpc.ServiceError;
      expect([error.code, error.details]).toEqual([status, refusal.message]);
      expect(built.seen.ran).toBe(false);
      expect(built.lines).toEqual([]);
    },
  );

  it('keeps a well-formed request id of up to 128 characters', async () => {
    const longest = 'a'.repeat(127) + '-';
    await rawCall(port, { 'x-request-id': longest });
    expect(built.seen.requestId).toBe(longest);
    await rawCall(port, { 'x-request-id': 'A.b_c-9' });
    expect(built.seen.requestId).toBe('A.b_c-9');
  });

  it.each([
    ['too long', 'a'.repeat(129)],
    ['with a space', 'req 1'],
    ['with a slash', 'req/1'],
  ])('replaces a request id %s with a fresh one', async (_what, id) => {
    await rawCall(port, { 'x-request-id': id });
    expect(built.seen.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('makes a fresh request id when the caller sends none', async () => {
    await rawCall(port);
    const first = built.seen.requestId;
    await rawCall(port);
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(built.seen.requestId).not.toBe(first);
  });

  it('logs an unexpected error with its rpc and request id, and not a domain error', async () => {
    built.behaviour.handle = async () => {
      throw new NotFoundError('no such user');
    };
    await rawCall(port, { 'x-request-id': 'req-404' });
    expect(built.lines).toEqual([]);

    built.behaviour.handle = async () => {
      throw new TypeError('cannot read properties of undefined');
    };
    const error = (await rawCall(port, { 'x-request-id': 'req-500' })) as grpc.ServiceError;
    expect([error.code, error.details]).toEqual([grpc.status.INTERNAL, 'internal error']);
    expect(built.lines).toEqual([
      expect.objectContaining({
        level: 50,
        msg: 'call failed',
        rpc: 'pb.News/GetNews',
        requestId: 'req-500',
        err: expect.objectContaining({ message: 'cannot read properties of undefined' }),
      }),
    ]);
  });
});

describe('gRPC client', () => {
  let built: ReturnType<typeof newsServer>;
  let port: number;
  beforeAll(async () => {
    built = newsServer();
    port = await built.server.listen(0, '127.0.0.1');
  });
  afterAll(() => built.server.stop());

  it('sends the per-call metadata and the request id being served', async () => {
    let call = 0;
    const client = new GrpcTransportClient(News, {
      address: `127.0.0.1:${port}`,
      target: 'news-service',
      maxAttempts: 1,
      callMetadata: () => ({ 'x-caller': `caller-${++call}` }),
    });
    await runWithRequestId('req-7', () => client.unary(getNews, { username: 'bo' }, true));
    expect([built.seen.authorizedWith, built.seen.requestId]).toEqual([
      { username: 'bo', caller: 'caller-1' },
      'req-7',
    ]);
    await client.unary(getNews, { username: 'bo' }, true);
    expect(built.seen.authorizedWith?.caller).toBe('caller-2');
    expect(built.seen.requestId).not.toBe('req-7');
    client.close();
  });

  it('carries the caller’s trace to the service', async () => {
    const provider = new BasicTracerProvider();
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(provider);
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    try {
      let traceSeen: string | undefined;
      built.behaviour.handle = async () => {
        traceSeen = trace.getActiveSpan()?.spanContext().traceId;
        return '';
      };
      const client = new GrpcTransportClient(News, { address: `127.0.0.1:${port}`, target: 'news-service' });
      const span = trace.getTracer('test').startSpan('caller');
      await context.with(trace.setSpan(context.active(), span), () =>
        client.unary(getNews, { username: 'x' }, true),
      );
      span.end();
      client.close();
      expect(traceSeen).toBe(span.spanContext().traceId);
    } finally {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    }
  });

  it('retries an idempotent call the service answered UNAVAILABLE, but not a non-idempotent one', async () => {
    let attempts = 0;
    built.behaviour.handle = async () => {
      attempts += 1;
      if (attempts === 1) throw new UnavailableError('briefly down');
      return 'second time';
    };
    const client = new GrpcTransportClient(News, {
      address: `127.0.0.1:${port}`,
      target: 'news-service',
      maxAttempts: 2,
    });
    await expect(client.unary(getNews, { username: 'x' }, true)).resolves.toMatchObject({
      nextToken: 'second time',
    });
    attempts = 0;
    await expect(client.unary(getNews, { username: 'x' }, false)).rejects.toEqual(
      new UnavailableError('briefly down'),
    );
    expect(attempts).toBe(1);
    client.close();
  });

  it('gives each attempt a deadline of 5 s unless told', async () => {
    built.behaviour.handle = () => new Promise((resolve) => setTimeout(() => resolve('late'), 300));
    const client = new GrpcTransportClient(News, { address: `127.0.0.1:${port}`, target: 'news-service' });
    await expect(client.unary(getNews, { username: 'x' }, true)).resolves.toMatchObject({
      nextToken: 'late',
    });
    client.close();
  });

  it('reads a service’s INTERNAL as InternalError', async () => {
    built.behaviour.handle = async () => {
      throw new InternalError('disk full');
    };
    const client = new GrpcTransportClient(News, { address: `127.0.0.1:${port}`, target: 'news-service' });
    await expect(client.unary(getNews, { username: 'x' }, true)).rejects.toEqual(
      new InternalError('internal error'),
    );
    client.close();
  });
});

describe('gRPC server: health and shutdown', () => {
  function check(health: HealthClient, service: string) {
    return new Promise<HealthCheckResponse__Output | grpc.ServiceError>((resolve) =>
      health.Check({ service }, (error, response) =>
        resolve(error ?? (response as HealthCheckResponse__Output)),
      ),
    );
  }

  /** The health service's answer for a service, asked without a connection. */
  function answerOf(server: GrpcServer, service: string): unknown {
    let answer: unknown;
    server.health.handlers.Check({ request: { service } } as never, (error: unknown, response: unknown) => {
      answer = error ?? response;
    });
    return answer;
  }

  it('reports each service NOT_SERVING until it listens, and names an unknown one', () => {
    const { server } = newsServer();
    expect(['pb.News', '', 'pb.Other'].map((service) => answerOf(server, service))).toEqual([
      { status: 'NOT_SERVING' },
      { status: 'NOT_SERVING' },
      { code: grpc.status.NOT_FOUND, details: 'unknown service pb.Other' },
    ]);
  });

  it('streams a watched service’s status as it changes, and ends the stream on stop', async () => {
    const { server } = newsServer();
    const port = await server.listen(0, '127.0.0.1');
    const health: HealthClient = new Health(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    expect(await check(health, 'pb.News')).toEqual({ status: 'SERVING' });

    const watched: string[] = [];
    const unknown: string[] = [];
    const stream = health.Watch({ service: 'pb.News' });
    const other = health.Watch({ service: 'pb.Other' });
    const ended = new Promise((resolve) => stream.on('end', resolve));
    stream.on('data', (response: HealthCheckResponse__Output) => watched.push(response.status));
    other.on('data', (response: HealthCheckResponse__Output) => unknown.push(response.status));
    other.on('error', () => {});
    stream.on('error', () => {});
    await new Promise((resolve) => setTimeout(resolve, 200));
    server.health.set('pb.News', 'NOT_SERVING');
    server.health.set('pb.News', 'SERVING');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(watched).toEqual(['SERVING', 'NOT_SERVING', 'SERVING']);
    expect(unknown).toEqual(['SERVICE_UNKNOWN']);

    await server.stop();
    await ended;
    expect(watched.at(-1)).toBe('NOT_SERVING');
    health.close();
  });

  it('listens on every interface, loopback included, unless told a host', async () => {
    const { server } = newsServer();
    const port = await server.listen(0);
    try {
      expect(await rawCall(port)).toMatchObject({ nextToken: 'token-for-ann' });
    } finally {
      await server.stop();
    }
  });

  it('fails to listen on a port already taken, and stays NOT_SERVING', async () => {
    const first = newsServer().server;
    const port = await first.listen(0, '127.0.0.1');
    grpc.setLogVerbosity(grpc.logVerbosity.NONE); // grpc-js would also print the failure
    try {
      const { server } = newsServer();
      await expect(server.listen(port, '127.0.0.1')).rejects.toThrow(Error);
      expect(answerOf(server, '')).toEqual({ status: 'NOT_SERVING' });
    } finally {
      grpc.setLogVerbosity(grpc.logVerbosity.ERROR);
      await first.stop();
    }
  });

  it('cuts calls still running when the grace period ends', async () => {
    const { server, behaviour } = newsServer({ shutdownGraceMs: 100 });
    const port = await server.listen(0, '127.0.0.1');
    behaviour.handle = () => new Promise((resolve) => setTimeout(() => resolve('too late'), 3000).unref());
    const call = rawCall(port);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await server.stop();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await call).toMatchObject({ code: grpc.status.CANCELLED });
  });
});
