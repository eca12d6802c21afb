import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { openMigratedDatabase, type Db } from '../../pkg/db';
import { createEventBus, natsOptionsOf, type EventBus, type Subscription } from '../../pkg/events';
import { createHttpServer, instrument, type ReadinessChecks, type Stop } from '../../pkg/kit';
import {
  LINK_MIGRATIONS_LOCK,
  LinkService,
  OutboxRelay,
  PostgresLinkStore,
  linkMigrations,
} from '../../pkg/link-manager';
import { LINK_CHECKED_SUBJECT, type LinkCheckedEvent, type LinkManager } from '../../pkg/object-model';
import { createMetricsRegistry } from '../../pkg/observability';
import type { LinkServiceConfig } from './config';
import { linkRoutes } from './http-routes';

export const LINK_SERVICE = 'link-service';

export interface LinkServiceDeps {
  /** A bus shared with other services in one process; otherwise NATS_URL decides. */
  eventBus?: EventBus;
  /** A database a launcher opened (a schema of its shared PGlite); otherwise the config decides. */
  db?: Db;
}

/** Builds the store, the service and its middleware, the outbox relay, and mounts the routes (not yet listening). */
export async function createLinkService(
  config: LinkServiceConfig,
  logger: Logger,
  deps: LinkServiceDeps = {},
): Promise<{ app: FastifyInstance; stop: Stop }> {
  const db = await openMigratedDatabase(
    config,
    { lock: LINK_MIGRATIONS_LOCK, migrations: linkMigrations },
    logger,
    deps.db,
  );

  const store = new PostgresLinkStore(db);
  const registry = createMetricsRegistry(LINK_SERVICE);
  const linkService = new LinkService(store, {
    maxLinksPerUser: config.MAX_LINKS_PER_USER,
    regexBudgetMs: config.REGEX_BUDGET_MS,
  });
  const service = instrument<LinkManager>(linkService, { name: LINK_SERVICE, logger, registry });
  const readiness: ReadinessChecks = { database: () => store.ping() };

  const ownBus =
    !deps.eventBus && config.NATS_URL
      ? createEventBus({ ...natsOptionsOf(config), logger, registry })
      : undefined;
  const bus = deps.eventBus ?? ownBus;
  let relay: OutboxRelay | undefined;
  let statusUpdates: Subscription | undefined;
  if (bus) {
    relay = new OutboxRelay(store, bus, { logger, registry });
    relay.start();
    // The link checker's verdicts set each link's status.
    statusUpdates = await bus.consume<LinkCheckedEvent>(
      { durable: 'link-service-status', subjects: [LINK_CHECKED_SUBJECT], maxDeliver: 5 },
      async ({ data }) => {
        await linkService.setLinkStatus({ username: data.author, url: data.url, status: data.status });
      },
    );
    readiness.events = () => bus.ping();
  } else {
    logger.warn('NATS_URL is not set: link events stay in the outbox until a bus is configured');
  }

  const app = createHttpServer({ logger, registry, readiness, routes: linkRoutes(service) });
  const stop = async () => {
    await app.close();
    await statusUpdates?.stop();
    await relay?.stop();
    await ownBus?.close();
    await db.close();
  };
  return { app, stop };
}

export async function startLinkService(config: LinkServiceConfig, logger: Logger): Promise<Stop> {
  const { app, stop } = await createLinkService(config, logger);
  await app.listen({ port: config.PORT, host: '0.0.0.0' });
  logger.info(
    {
      port: config.PORT,
      database: config.DATABASE_URL ? 'postgres' : 'pglite',
      events: config.NATS_URL ? 'nats' : 'none',
    },
    'link-service listening',
  );
  return stop;
}
