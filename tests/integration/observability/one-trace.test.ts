import type { FastifyInstance } from 'fastify';
import { InMemoryFeedStore } from '../../../pkg/news-manager';
import { createMetricsRegistry, startTracing } from '../../../pkg/observability';
import { loadApiGatewayConfig } from '../../../svc/api-gateway-service/config';
import { remoteBackends } from '../../../svc/api-gateway-service/remote-backends';
import { createApiGatewayService } from '../../../svc/api-gateway-service/server';
import { loadLinkServiceConfig } from '../../../svc/link-service/config';
import { createLinkService } from '../../../svc/link-service/server';
import { loadNewsServiceConfig } from '../../../svc/news-service/config';
import { createNewsService } from '../../../svc/news-service/server';
import { loadSocialGraphServiceConfig } from '../../../svc/social-graph-service/config';
import { createSocialGraphService } from '../../../svc/social-graph-service/server';
import { FakeUsers } from '../../support/fake-backends';
import { privateJetStreamBus } from '../../support/nats';
import { OtlpReceiver, type ReceivedSpan } from '../../support/otlp-receiver';
import { createTestDatabase, type TestDatabase } from '../../support/postgres';
import { testLogger } from '../../support/silent-logger';
import { PublicApi } from '../../support/user-journey';

/**
 * The services with their real transports (HTTP, gRPC, JetStream on the shared NATS, the
 * Postgres outbox), exporting through the OpenTelemetry SDK exactly as a container does when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set, to a receiver in this process.
 */
const OTEL_SETTINGS = {
  OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  // Export every 100 ms instead of every 5 s.
  OTEL_BSP_SCHEDULE_DELAY: '100',
};
const receiver = new OtlpReceiver();
const savedEnv = { ...process.env };
const stops: Array<() => Promise<void>> = [];
let stopTracing: () => Promise<void>;
const databases: TestDatabase[] = [];
let api: PublicApi;

async function listening(app: FastifyInstance): Promise<string> {
  return app.listen({ port: 0, host: '127.0.0.1' });
}

beforeAll(async () => {
  const endpoint = await receiver.start();
  Object.assign(process.env, OTEL_SETTINGS, { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
  stopTracing = startTracing('delinkcious-trace-test');
  const [linkDb, socialDb] = await Promise.all(
    ['one_trace_links', 'one_trace_social'].map(createTestDatabase),
  );
  databases.push(linkDb, socialDb);
  const { bus, close } = privateJetStreamBus();
  stops.push(close);

  const social = await createSocialGraphService(
    loadSocialGraphServiceConfig({
      PORT: '0',
      DATABASE_URL: socialDb.url,
      CALLER_AUTH_DISABLED: 'true',
    }),
    testLogger(),
  );
  stops.push(social.stop);
  const socialUrl = await listening(social.app);

  const links = await createLinkService(
    loadLinkServiceConfig({ CALLER_AUTH_DISABLED: 'true', PORT: '0', DATABASE_URL: linkDb.url }),
    testLogger(),
    { eventBus: bus },
  );
  stops.push(links.stop);
  const linksUrl = await listening(links.app);

  const news = await createNewsService(
    loadNewsServiceConfig({
      CALLER_AUTH_DISABLED: 'true',
      PORT: '0',
      ADMIN_PORT: '0',
      SOCIAL_GRAPH_URL: socialUrl,
    }),
    testLogger(),
    { eventBus: bus, feedStore: new InMemoryFeedStore({ maxLength: 100 }) },
  );
  stops.push(news.stop);
  const newsAddress = `127.0.0.1:${await news.grpc.listen(0, '127.0.0.1')}`;

  // The gateway's own clients, each call traced as a client call (`link-service-client.addLink`),
  // as in a deployed gateway; only the user service is a fake (the dev login needs no other).
  const config = loadApiGatewayConfig({
    PORT: '0',
    DEV_LOGIN_ENABLED: 'true',
    LINK_SERVICE_URL: linksUrl,
    SOCIAL_GRAPH_URL: socialUrl,
    NEWS_SERVICE_ADDRESS: newsAddress,
  });
  const remote = remoteBackends(config, {
    logger: testLogger(),
    registry: createMetricsRegistry('api-gateway-service'),
  });
  stops.push(async () => remote.close());
  const gateway = await createApiGatewayService(config, testLogger(), {
    ...remote.backends,
    users: new FakeUsers(),
  });
  stops.push(gateway.stop);
  api = new PublicApi(await listening(gateway.app));
}, 60_000);

afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
  await stopTracing();
  await receiver.stop();
  for (const database of databases) await database.drop();
  for (const key of Object.keys(OTEL_SETTINGS).concat('OTEL_EXPORTER_OTLP_ENDPOINT'))
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
});

async function login(username: string): Promise<PublicApi> {
  const { status, body } = await api.call<{ session: string }>('POST', '/v1/dev/login', {
    username,
    email: `${username}@example.com`,
  });
  expect(status).toBe(200);
  return api.as(body.session);
}

function traceOf(root: ReceivedSpan): Map<string, ReceivedSpan> {
  return new Map(receiver.spans.filter((s) => s.traceId === root.traceId).map((s) => [s.name, s]));
}

describe('one trace id across the services', () => {
  it('gateway → link service → outbox relay → NATS → news consumer → social graph, and gateway → news gRPC', async () => {
    const alice = await login('alice');
    const bob = await login('bob');
    expect((await bob.call('POST', '/v1/following', { followed: 'alice' })).status).toBe(204);
    expect(
      (await alice.call('POST', '/v1/links', { url: 'https://example.com/traced', title: 'traced' })).status,
    ).toBe(201);
    const news = await bob.waitFor(
      () => bob.call<{ events: unknown[] }>('GET', '/v1/news'),
      ({ body }) => body.events?.length === 1,
    );
    expect(news.body.events).toHaveLength(1);

    const chain = [
      'link-service-client.addLink',
      'link-service.addLink',
      'link-service.relayEvent',
      'news-service.handleLinkEvent',
      'social-graph-service.getFollowers',
    ];
    const found = await receiver.waitFor([...chain, 'news-service-client.getNews', 'news-service.getNews']);
    const added = traceOf(found['link-service-client.addLink']);
    expect(chain.filter((name) => !added.has(name))).toEqual([]);
    // Each hop is the child of the one before: the context crossed HTTP, the outbox row, NATS and HTTP again.
    for (let i = 1; i < chain.length; i++)
      expect([chain[i], added.get(chain[i])!.parentSpanId]).toEqual([
        chain[i],
        added.get(chain[i - 1])!.spanId,
      ]);

    const read = traceOf(found['news-service-client.getNews']);
    expect(read.get('news-service.getNews')?.parentSpanId).toBe(
      read.get('news-service-client.getNews')!.spanId,
    );
    expect(read.get('news-service-client.getNews')!.traceId).not.toBe(
      found['link-service-client.addLink'].traceId,
    );
  });
});
