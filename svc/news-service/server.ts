import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { callGuardOf } from '../../pkg/auth';
import type { EventBus } from '../../pkg/events';
import {
  Closers,
  createGrpcServer,
  createHttpServer,
  instrument,
  type GrpcServer,
  type Stop,
} from '../../pkg/kit';
import { InMemoryFeedStore, NewsService, RedisFeedStore, type FeedStore } from '../../pkg/news-manager';
import type { SocialGraphManager } from '../../pkg/object-model';
import { createMetricsRegistry } from '../../pkg/observability';
import type { NewsServiceConfig } from './config';
import { defaultEventBus, defaultSocialGraph } from './dependencies';
import { newsGrpcService } from './grpc-routes';
import { consumeLinkEvents } from './link-event-consumer';

export const NEWS_SERVICE = 'news-service';

/** Stand-ins for tests; anything not given is built from the configuration (and closed on stop). */
export interface NewsServiceDeps {
  eventBus?: EventBus;
  socialGraph?: SocialGraphManager;
  feedStore?: FeedStore;
}

export interface NewsServiceHandle {
  grpc: GrpcServer;
  admin: FastifyInstance;
  service: NewsService;
  stop: Stop;
}

/** Builds the store, the service and its middleware, mounts the transports and starts consuming (not yet listening). */
export async function createNewsService(
  config: NewsServiceConfig,
  logger: Logger,
  deps: NewsServiceDeps = {},
): Promise<NewsServiceHandle> {
  // Read the Secrets before anything else: a bad one stops the start-up with one line.
  const guard = callGuardOf(config, logger);
  const closers = new Closers();
  const registry = createMetricsRegistry(NEWS_SERVICE);
  const feedStore = deps.feedStore ?? ownedFeedStore(config, closers);
  const eventBus = deps.eventBus ?? defaultEventBus(config, logger, registry, closers);
  const socialGraph = deps.socialGraph ?? defaultSocialGraph(config);

  const service = instrument(
    new NewsService(feedStore, socialGraph, {
      pageSize: config.NEWS_PAGE_SIZE,
      fanOutBatchSize: config.FAN_OUT_BATCH_SIZE,
    }),
    { name: NEWS_SERVICE, logger, registry },
  );

  const grpc = closers.push(
    createGrpcServer({ logger, services: [newsGrpcService(service, guard)] }),
    (server) => server.stop(),
  );
  const admin = closers.push(
    createHttpServer({
      logger,
      registry,
      readiness: { feedStore: () => feedStore.ping(), eventBus: () => eventBus.ping() },
    }),
    (server) => server.close(),
  );
  // Pushed last, closed first: the event in hand finishes its feed writes and is acked.
  closers.push(
    await consumeLinkEvents(eventBus, service, {
      maxDeliver: config.EVENT_MAX_DELIVER,
      ackWaitMs: config.EVENT_ACK_WAIT_MS,
      logger,
    }),
    (subscription) => subscription.stop(),
  );
  return { grpc, admin, service, stop: closers.closeAll };
}

function ownedFeedStore(config: NewsServiceConfig, closers: Closers): FeedStore {
  const store = config.REDIS_URL
    ? RedisFeedStore.connect(config.REDIS_URL, {
        keyPrefix: config.REDIS_KEY_PREFIX,
        maxLength: config.FEED_MAX_LENGTH,
      })
    : new InMemoryFeedStore({
        maxLength: config.FEED_MAX_LENGTH,
        dedupTtlSeconds: config.FEED_DEDUP_TTL_SECONDS,
      });
  return closers.push(store, (own) => own.close());
}

export async function startNewsService(config: NewsServiceConfig, logger: Logger): Promise<Stop> {
  const { grpc, admin, stop } = await createNewsService(config, logger);
  const port = await grpc.listen(config.PORT);
  await admin.listen({ port: config.ADMIN_PORT, host: '0.0.0.0' });
  logger.info(
    {
      port,
      adminPort: config.ADMIN_PORT,
      feedStore: config.REDIS_URL ? 'redis' : 'memory',
      eventBus: config.NATS_URL ? 'jetstream' : 'in-process',
    },
    'news-service listening',
  );
  return stop;
}
