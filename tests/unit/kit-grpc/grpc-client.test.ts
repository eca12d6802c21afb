import * as grpc from '@grpc/grpc-js';
import { GrpcTransportClient, runWithRequestId, type UnaryInvoker } from '../../../pkg/kit';
import { News } from './news-call';
import type { NewsClient } from '../../../pb/generated/pb/News';

/** What an rpc was handed: the generated client and the metadata; it answers at once, without a server. */
function recordingInvoker() {
  const seen: { client?: NewsClient; metadata?: grpc.Metadata } = {};
  const invoke: UnaryInvoker<NewsClient, object, string> = (
    client,
    _request,
    metadata,
    _options,
    callback,
  ) => {
    seen.client = client;
    seen.metadata = metadata;
    callback(null, 'answered');
  };
  return { seen, invoke };
}

function client() {
  // Nothing listens there: the channel connects only when a real rpc is made.
  return new GrpcTransportClient(News, { address: '127.0.0.1:1', target: 'news-service', maxAttempts: 1 });
}

describe('gRPC client metadata', () => {
  it('hands the rpc the request id being served', async () => {
    const { seen, invoke } = recordingInvoker();
    const news = client();
    await runWithRequestId('req-9', () => news.unary(invoke, {}, true));
    expect(seen.metadata?.get('x-request-id')).toEqual(['req-9']);
    news.close();
  });

  it('hands the rpc no request id entry when no request is being served', async () => {
    const { seen, invoke } = recordingInvoker();
    const news = client();
    await expect(news.unary(invoke, {}, true)).resolves.toBe('answered');
    expect(seen.metadata?.getMap()).not.toHaveProperty('x-request-id');
    news.close();
  });
});

describe('gRPC client close', () => {
  it('shuts its channel down', async () => {
    const { seen, invoke } = recordingInvoker();
    const news = client();
    await news.unary(invoke, {}, true);
    const channel = seen.client!.getChannel();
    expect(channel.getConnectivityState(false)).not.toBe(grpc.connectivityState.SHUTDOWN);
    news.close();
    expect(channel.getConnectivityState(false)).toBe(grpc.connectivityState.SHUTDOWN);
  });
});
