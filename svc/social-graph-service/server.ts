import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { callGuardOf } from '../../pkg/auth';
import { openMigratedDatabase, type Db } from '../../pkg/db';
import { Closers, createHttpServer, instrument, type Stop } from '../../pkg/kit';
import type { SocialGraphManager } from '../../pkg/object-model';
import { createMetricsRegistry } from '../../pkg/observability';
import {
  PostgresSocialGraphStore,
  SOCIAL_GRAPH_MIGRATIONS_LOCK,
  SocialGraphService,
  socialGraphMigrations,
} from '../../pkg/social-graph-manager';
import type { SocialGraphServiceConfig } from './config';
import { socialGraphRoutes } from './http-routes';

export const SOCIAL_GRAPH_SERVICE = 'social-graph-service';

/** Builds the store, the service and its middleware, and mounts the routes (not yet listening). */
export async function createSocialGraphService(
  config: SocialGraphServiceConfig,
  logger: Logger,
  /** `db`: a database a launcher opened (a schema of its shared PGlite); otherwise the config decides. */
  deps: { db?: Db } = {},
): Promise<{ app: FastifyInstance; stop: Stop }> {
  // Read the Secrets before anything else: a bad one stops the start-up with one line.
  const guard = callGuardOf(config, logger);

  const closers = new Closers();
  const db = closers.push(
    await openMigratedDatabase(
      config,
      { lock: SOCIAL_GRAPH_MIGRATIONS_LOCK, migrations: socialGraphMigrations },
      logger,
      deps.db,
    ),
    (opened) => opened.close(),
  );

  const store = new PostgresSocialGraphStore(db);
  const registry = createMetricsRegistry(SOCIAL_GRAPH_SERVICE);
  const service = instrument<SocialGraphManager>(new SocialGraphService(store), {
    name: SOCIAL_GRAPH_SERVICE,
    logger,
    registry,
  });
  const app = closers.push(
    createHttpServer({
      logger,
      registry,
      readiness: { database: () => store.ping() },
      routes: socialGraphRoutes(service, guard),
    }),
    (server) => server.close(),
  );
  return { app, stop: closers.closeAll };
}

export async function startSocialGraphService(
  config: SocialGraphServiceConfig,
  logger: Logger,
): Promise<Stop> {
  const { app, stop } = await createSocialGraphService(config, logger);
  await app.listen({ port: config.PORT, host: '0.0.0.0' });
  logger.info(
    { port: config.PORT, database: config.DATABASE_URL ? 'postgres' : 'pglite' },
    'social-graph-service listening',
  );
  return stop;
}
