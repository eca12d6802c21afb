import { createGrpcServer, tracingMiddleware } from '../../../pkg/kit';
import { InMemoryLinkStore, LinkService } from '../../../pkg/link-manager';
import { LinkManagerClient } from '../../../pkg/link-client';
import { NewsManagerClient } from '../../../pkg/news-client';
import { InMemoryFeedStore, NewsService } from '../../../pkg/news-manager';
import type { LinkManager, NewsManager } from '../../../pkg/object-model';
import { linkRoutes } from '../../../svc/link-service/http-routes';
import { newsGrpcService } from '../../../svc/news-service/grpc-routes';
import { FakeSocialGraph } from '../../unit/news-manager/fake-social-graph';
import { testLogger } from '../../support/silent-logger';
import { serveRoutes } from '../../support/client-round-trip';
import { useTestTracing } from '../../support/test-tracing';

const exporter = useTestTracing();

/** The callee's span belongs to the caller's trace, as the caller span's child. */
function expectChildSpan(callerName: string, calleeName: string): void {
  const spans = exporter.getFinishedSpans();
  const caller = spans.find((span) => span.name === callerName);
  const callee = spans.find((span) => span.name === calleeName);
  expect(caller).toBeDefined();
  expect(callee?.spanContext().traceId).toBe(caller?.spanContext().traceId);
  expect(callee?.parentSpanContext?.spanId).toBe(caller?.spanContext().spanId);
}

describe('trace context over HTTP', () => {
  it('continues the caller’s trace in the called service', async () => {
    const service = tracingMiddleware<LinkManager>('link-service')(
      new LinkService(new InMemoryLinkStore(), { maxLinksPerUser: 10, regexBudgetMs: 1000 }),
    );
    const { app, baseUrl } = await serveRoutes(linkRoutes(service));
    try {
      const client = tracingMiddleware<LinkManager>('gateway')(new LinkManagerClient({ baseUrl }));
      await client.getLinks({ username: 'traced' });
    } finally {
      await app.close();
    }
    expectChildSpan('gateway.getLinks', 'link-service.getLinks');
  });
});

describe('trace context over gRPC', () => {
  it('continues the caller’s trace in the called service', async () => {
    const news = tracingMiddleware<NewsManager>('news-service')(
      new NewsService(new InMemoryFeedStore({ maxLength: 100 }), new FakeSocialGraph(), { pageSize: 10 }),
    );
    const server = createGrpcServer({ logger: testLogger(), services: [newsGrpcService(news)] });
    const port = await server.listen(0, '127.0.0.1');
    const client = new NewsManagerClient({ address: `127.0.0.1:${port}`, timeoutMs: 2000 });
    try {
      await tracingMiddleware<NewsManager>('gateway')(client).getNews({ username: 'traced' });
    } finally {
      client.close();
      await server.stop();
    }
    expectChildSpan('gateway.getNews', 'news-service.getNews');
  });
});
