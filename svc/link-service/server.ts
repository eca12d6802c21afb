import type { Logger } from 'pino';
import { migrate, openDatabase } from '../../pkg/db';
import type { FastifyInstance } from 'fastify';
import { createHttpServer, instrument, type Stop } from '../../pkg/kit';
import { LINK_MIGRATIONS_LOCK, LinkService, PostgresLinkStore, linkMigrations } from '../../pkg/link-manager';
import type { LinkManager } from '../../pkg/object-model';
import { createMetricsRegistry } from '../../pkg/observability';
import type { LinkServiceConfig } from './config';
import { linkRoutes } from './http-routes';

export const LINK_SERVICE = 'link-service';

/** Builds the store, the service and its middleware, and mounts the routes (not yet listening). */
export async function createLinkService(
  config: LinkServiceConfig,
  logger: Logger,
): Promise<{ app: FastifyInstance; stop: Stop }> {
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.PGLITE_DATA_DIR });
  const applied = await migrate(db, LINK_MIGRATIONS_LOCK, linkMigrations);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');

  const store = new PostgresLinkStore(db);
  const registry = createMetricsRegistry(LINK_SERVICE);
  const service = instrument<LinkManager>(
    new LinkService(store, {
      maxLinksPerUser: config.MAX_LINKS_PER_USER,
      regexBudgetMs: config.REGEX_BUDGET_MS,
    }),
    { name: LINK_SERVICE, logger, registry },
  );

  const app = createHttpServer({
    logger,
    registry,
    readiness: { database: () => store.ping() },
    routes: linkRoutes(service),
  });
  const stop = async () => {
    await app.close();
    await db.close();
  };
  return { app, stop };
}

export async function startLinkService(config: LinkServiceConfig, logger: Logger): Promise<Stop> {
  const { app, stop } = await createLinkService(config, logger);
  await app.listen({ port: config.PORT, host: '0.0.0.0' });
  logger.info(
    { port: config.PORT, database: config.DATABASE_URL ? 'postgres' : 'pglite' },
    'link-service listening',
  );
  return stop;
}
