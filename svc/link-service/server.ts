import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { callGuardOf } from '../../pkg/auth';
import { openMigratedDatabase, type Db } from '../../pkg/db';
import { givenOrOwnEventBus, type EventBus } from '../../pkg/events';
import { Closers, createHttpServer, instrument, type ReadinessChecks, type Stop } from '../../pkg/kit';
import {
  LINK_MIGRATIONS_LOCK,
  LinkService,
  OutboxRelay,
  PostgresLinkStore,
  linkMigrations,
} from '../../pkg/link-manager';
import { LINK_CHECKED_SUBJECT, LINK_EVENT_STREAMS, type LinkCheckedEvent } from '../../pkg/object-model';
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
  // Read the Secrets before anything else: a bad one stops the start-up with one line.
  const guard = callGuardOf(config, logger);
  const closers = new Closers();
  try {
    const db = closers.push(
      await openMigratedDatabase(
        config,
        { lock: LINK_MIGRATIONS_LOCK, migrations: linkMigrations },
        logger,
        deps.db,
      ),
      (opened) => opened.close(),
    );
    const store = new PostgresLinkStore(db);
    const backfilled = await store.backfillSearchDocuments();
    if (backfilled > 0) logger.info({ links: backfilled }, 'wrote the search document of older links');
    const registry = createMetricsRegistry(LINK_SERVICE);
    // Every call is logged, measured and traced: the routes' and the link checker's verdicts alike.
    const service = instrument(
      new LinkService(store, {
        maxLinksPerUser: config.MAX_LINKS_PER_USER,
        regexBudgetMs: config.REGEX_BUDGET_MS,
      }),
      { name: LINK_SERVICE, logger, registry },
    );
    const readiness: ReadinessChecks = { database: () => store.ping() };

    const bus = givenOrOwnEventBus(deps.eventBus, config, {
      streams: LINK_EVENT_STREAMS,
      logger,
      registry,
      closers,
    });
    if (bus) {
      closers.push(new OutboxRelay(store, bus, { logger, registry }), (relay) => relay.stop()).start();
      // The link checker's verdicts set each link's status.
      closers.push(
        await bus.consume<LinkCheckedEvent>(
          { durable: 'link-service-status', subjects: [LINK_CHECKED_SUBJECT], maxDeliver: 5 },
          async ({ data }) => {
            await service.setLinkStatus({
              username: data.author,
              url: data.url,
              status: data.status,
              // Verdicts published before reasons were kept have none.
              reason: data.reason ?? 'not recorded',
              checkedAt: data.checkedAt,
            });
          },
        ),
        (subscription) => subscription.stop(),
      );
      readiness.events = () => bus.ping();
    } else {
      logger.warn('NATS_URL is not set: link events stay in the outbox until a bus is configured');
    }

    const app = closers.push(
      createHttpServer({
        logger,
        registry,
        readiness,
        bodyLimit: config.BODY_LIMIT_BYTES,
        routes: linkRoutes(service, guard),
      }),
      (server) => server.close(),
    );
    return { app, stop: closers.closeAll };
  } catch (error) {
    await closers.closeAll().catch(() => {});
    throw error;
  }
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
