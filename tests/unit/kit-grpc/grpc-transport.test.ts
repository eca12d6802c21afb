import * as grpc from '@grpc/grpc-js';
import {
  GrpcTransportClient,
  createGrpcServer,
  currentRequestId,
  unaryRoute,
  type Context,
  type GrpcServer,
} from '../../../pkg/kit';
import { InternalError, NotFoundError, UnavailableError } from '../../../pkg/object-model';
import { loadHealthProto } from '../../../pb/protos';
import { News, getNews } from './news-call';
import type { GetNewsRequest } from '../../../pb/generated/pb/GetNewsRequest';
import type { HealthClient } from '../../../pb/generated/grpc/health/v1/Health';
import type { HealthCheckResponse__Output } from '../../../pb/generated/grpc/health/v1/HealthCheckResponse';
import { testLogger } from '../../support/silent-logger';

describe('kit gRPC transport', () => {
  let server: GrpcServer;
  let port: number;
  let behaviour: (username: string, ctx: Context) => Promise<string>;
  const seen: { ctx?: Context; current?: string } = {};

  beforeAll(async () => {
    server = createGrpcServer({
      logger: testLogger(),
      services: [
        {
          name: 'pb.News',
          definition: News.service,
          routes: {
            GetNews: unaryRoute({
              decode: (request: GetNewsRequest) => request.username ?? '',
              endpoint: (username: string, ctx) => {
                seen.ctx = ctx;
                seen.current = currentRequestId();
                return behaviour(username, ctx);
              },
              encode: (token: string) => ({ events: [], nextToken: token, err: '' }),
            }),
          },
        },
      ],
    });
    port = await server.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await server.stop();
  });

  function client(options: { timeoutMs?: number; address?: string } = {}) {
    return new GrpcTransportClient(News, {
      address: options.address ?? `127.0.0.1:${port}`,
      target: 'test-service',
      timeoutMs: options.timeoutMs,
      maxAttempts: 1,
    });
  }

  it('runs the endpoint with the decoded request and encodes its result', async () => {
    behaviour = async (username) => `token-for-${username}`;
    const c = client();
    const response = await c.unary(getNews, { username: 'bob' }, true);
    c.close();
    expect(response).toEqual({ events: [], nextToken: 'token-for-bob', err: '' });
  });

  it('carries the caller’s request id into the endpoint’s context', async () => {
    behaviour = async () => '';
    const raw = new News(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const metadata = new grpc.Metadata();
    metadata.set('x-request-id', 'req-123');
    await new Promise((resolve, reject) =>
      raw.GetNews({ username: 'x' }, metadata, (error, response) =>
        error ? reject(error) : resolve(response),
      ),
    );
    raw.close();
    expect(seen.ctx?.requestId).toBe('req-123');
    expect(seen.current).toBe('req-123');
  });

  it('sends a domain error as its gRPC status and gets the same class back', async () => {
    behaviour = async () => {
      throw new NotFoundError('no such thing');
    };
    const raw = new News(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const error = await new Promise<grpc.ServiceError>((resolve) =>
      raw.GetNews({ username: 'x' }, (e) => resolve(e as grpc.ServiceError)),
    );
    raw.close();
    expect(error.code).toBe(grpc.status.NOT_FOUND);
    expect(error.details).toBe('no such thing');

    const c = client();
    await expect(c.unary(getNews, { username: 'x' }, true)).rejects.toThrow(
      new NotFoundError('no such thing'),
    );
    c.close();
  });

  it('reports an unexpected error as INTERNAL without its details', async () => {
    behaviour = async () => {
      throw new Error('password=hunter2 at db.ts:12');
    };
    const c = client();
    const error = await c.unary(getNews, { username: 'x' }, true).catch((e: unknown) => e);
    c.close();
    expect(error).toBeInstanceOf(InternalError);
    expect((error as Error).message).toBe('internal error');
  });

  it('turns a missed deadline into UNAVAILABLE', async () => {
    behaviour = () => new Promise((resolve) => setTimeout(() => resolve(''), 500));
    const c = client({ timeoutMs: 100 });
    await expect(c.unary(getNews, { username: 'x' }, true)).rejects.toThrow(
      new UnavailableError('test-service is unavailable (no answer within 100 ms)'),
    );
    c.close();
  });

  it('turns an unreachable server into UNAVAILABLE', async () => {
    const c = client({ address: '127.0.0.1:1', timeoutMs: 1000 });
    await expect(c.unary(getNews, { username: 'x' }, true)).rejects.toBeInstanceOf(UnavailableError);
    c.close();
  });

  it('answers the standard health check: SERVING for the server and each service, NOT_FOUND otherwise', async () => {
    const Health = loadHealthProto().grpc.health.v1.Health;
    const health: HealthClient = new Health(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const check = (service: string) =>
      new Promise<HealthCheckResponse__Output | grpc.ServiceError>((resolve) =>
        health.Check({ service }, (error, response) =>
          resolve(error ?? (response as HealthCheckResponse__Output)),
        ),
      );
    expect(await check('')).toEqual({ status: 'SERVING' });
    expect(await check('pb.News')).toEqual({ status: 'SERVING' });
    expect(await check('pb.Nothing')).toMatchObject({ code: grpc.status.NOT_FOUND });
    health.close();
  });
});
