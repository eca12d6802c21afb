import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { UserProofSigner, callGuardOf, generateUserProofKeyPair } from '../../pkg/auth';
import { openMigratedDatabase, type Db } from '../../pkg/db';
import { Closers, createHttpServer, instrument, type Stop } from '../../pkg/kit';
import type { UserManager } from '../../pkg/object-model';
import { createMetricsRegistry } from '../../pkg/observability';
import { PostgresUserStore, USER_MIGRATIONS_LOCK, UserService, userMigrations } from '../../pkg/user-manager';
import type { UserServiceConfig } from './config';
import { userRoutes } from './http-routes';

export const USER_SERVICE = 'user-service';

/** Builds the store, the service and its middleware, and mounts the routes (not yet listening). */
export async function createUserService(
  config: UserServiceConfig,
  logger: Logger,
  /** `db`: a database a launcher opened (a schema of its shared PGlite); otherwise the config decides. */
  deps: { db?: Db } = {},
): Promise<{ app: FastifyInstance; stop: Stop }> {
  // Read the Secrets before anything else: a bad one stops the start-up with one line.
  const guard = callGuardOf(config, logger);
  const proofs = await proofSigner(config, logger);
  const closers = new Closers();
  const db = closers.push(
    await openMigratedDatabase(
      config,
      { lock: USER_MIGRATIONS_LOCK, migrations: userMigrations },
      logger,
      deps.db,
    ),
    (opened) => opened.close(),
  );

  const store = new PostgresUserStore(db);
  const registry = createMetricsRegistry(USER_SERVICE);
  const service = instrument<UserManager>(
    new UserService(store, { sessionTtlSeconds: config.SESSION_TTL_SECONDS }),
    {
      name: USER_SERVICE,
      logger,
      registry,
    },
  );
  const app = closers.push(
    createHttpServer({
      logger,
      registry,
      readiness: { database: () => store.ping() },
      routes: userRoutes(service, proofs, guard),
    }),
    (server) => server.close(),
  );
  return { app, stop: closers.closeAll };
}

/** The signer of user proofs; with the checks off and no key given, a key of this process alone. */
function proofSigner(config: UserServiceConfig, logger: Logger): Promise<UserProofSigner> {
  if (config.USER_PROOF_SIGNING_KEY_FILE) {
    return UserProofSigner.fromFile(config.USER_PROOF_SIGNING_KEY_FILE, config.USER_PROOF_TTL_SECONDS);
  }
  logger.warn('USER_PROOF_SIGNING_KEY_FILE is not set: user proofs are signed with a key no service knows');
  return UserProofSigner.fromJwk(generateUserProofKeyPair().privateJwk, config.USER_PROOF_TTL_SECONDS);
}

export async function startUserService(config: UserServiceConfig, logger: Logger): Promise<Stop> {
  const { app, stop } = await createUserService(config, logger);
  await app.listen({ port: config.PORT, host: '0.0.0.0' });
  logger.info(
    { port: config.PORT, database: config.DATABASE_URL ? 'postgres' : 'pglite' },
    'user-service listening',
  );
  return stop;
}
