import * as grpc from '@grpc/grpc-js';
import { unaryRoute } from '../../../pkg/kit';
import { PermissionDeniedError } from '../../../pkg/object-model';

/** A route that upper-cases a name: wire `{ name }` in, `{ greeting }` out. */
function greetRoute(authorize?: (request: { name: string }, metadata: grpc.Metadata) => Promise<void>) {
  return unaryRoute({
    decode: (request: { name: string }) => request.name,
    endpoint: async (name: string, ctx) => `${name.toUpperCase()} (${ctx.requestId})`,
    encode: (greeting: string) => ({ greeting }),
    authorize,
  });
}

describe('unaryRoute', () => {
  it('decodes the request, runs the endpoint with the call’s context, and encodes its answer', async () => {
    await expect(greetRoute().handle({ name: 'ann' }, { requestId: 'req-1' })).resolves.toEqual({
      greeting: 'ANN (req-1)',
    });
  });

  it('has no check when none is given', () => {
    expect(greetRoute().authorize).toBeUndefined();
  });

  it('hands its check the wire request and the metadata, and passes its refusal on', async () => {
    const seen: unknown[] = [];
    const refusal = new PermissionDeniedError('not a caller of this rpc');
    const route = greetRoute(async (request, metadata) => {
      seen.push(request, metadata.get('x-caller'));
      throw refusal;
    });
    const metadata = new grpc.Metadata();
    metadata.set('x-caller', 'news-service');
    await expect(route.authorize?.({ name: 'ann' }, metadata)).rejects.toBe(refusal);
    expect(seen).toEqual([{ name: 'ann' }, ['news-service']]);
  });
});
