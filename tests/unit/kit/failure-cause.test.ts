import { UnavailableError } from '../../../pkg/object-model';
import { HttpTransportClient } from '../../../pkg/kit/transport/http/client';
import { underlyingCause, unavailableBecause } from '../../../pkg/kit/transport/failure-cause';
import { fromGrpcError } from '../../../pkg/kit/transport/grpc/errors';
import * as grpc from '@grpc/grpc-js';
import { createServer, type AddressInfo } from 'node:net';

/** A loopback port that nothing listens on (it did a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the cause of a failed call', () => {
  it('is the innermost reason', () => {
    const failure = new TypeError('fetch failed', { cause: new Error('bad port') });
    expect(underlyingCause(failure)).toBe('bad port');
    expect(underlyingCause('plain')).toBe('plain');
  });

  it('is null itself when that is what was thrown, or the innermost cause', () => {
    expect(underlyingCause(null)).toBe('null');
    expect(underlyingCause(new Error('outer', { cause: null }))).toBe('null');
  });

  it('travels with UNAVAILABLE as its detail, the public message unchanged', () => {
    const failure = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') });
    const error = unavailableBecause('link-service is unavailable (unreachable)', failure);
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error.message).toBe('link-service is unavailable (unreachable)');
    expect(error).toHaveProperty('detail', 'connect ECONNREFUSED 127.0.0.1:1');
  });

  it('is kept by the HTTP client when the peer refuses the connection', async () => {
    const port = await closedPort();
    const client = new HttpTransportClient({ baseUrl: `http://127.0.0.1:${port}`, target: 'link-service' });
    const failure = await client
      .call({ method: 'GET', path: '/links', idempotent: false })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UnavailableError);
    expect((failure as Error).message).toBe('link-service is unavailable (unreachable)');
    expect(failure).toHaveProperty('detail', `connect ECONNREFUSED 127.0.0.1:${port}`);
  });

  it('is kept by the gRPC client when the peer cannot be reached', () => {
    const failure = Object.assign(new Error('14 UNAVAILABLE: connect ECONNREFUSED 127.0.0.1:6060'), {
      code: grpc.status.UNAVAILABLE,
      details: 'connect ECONNREFUSED 127.0.0.1:6060',
      metadata: new grpc.Metadata(),
    }) as grpc.ServiceError;
    const error = fromGrpcError(failure, 'news-service', 5000);
    expect(error.message).toBe('news-service is unavailable (unreachable)');
    expect(error).toHaveProperty('detail', '14 UNAVAILABLE: connect ECONNREFUSED 127.0.0.1:6060');
  });
});
