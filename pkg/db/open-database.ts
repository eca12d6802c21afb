import type { Logger } from 'pino';
import type { DatabaseSettings } from './database-settings';
import type { Db } from './db';
import { migrate, type Migration } from './migrate';
import { PGliteDb } from './pglite-db';
import { PgDb } from './pg-db';

/** A real Postgres when a URL is given, else an embedded PGlite (in memory, or in `dataDir`). */
export async function openDatabase(options: { url?: string; dataDir?: string }): Promise<Db> {
  if (options.url) return new PgDb({ connectionString: options.url });
  return PGliteDb.open(options.dataDir);
}

/**
 * A service's database, opened and brought to the latest schema before it serves.
 * `provided` is one a launcher already opened (a schema of a shared PGlite, say): it
 * is migrated the same way and used instead of opening one from the config.
 */
export async function openMigratedDatabase(
  config: DatabaseSettings,
  schema: { lock: number; migrations: Migration[] },
  logger: Logger,
  provided?: Db,
): Promise<Db> {
  const db = provided ?? (await openDatabase({ url: config.DATABASE_URL, dataDir: config.PGLITE_DATA_DIR }));
  try {
    const applied = await migrate(db, schema.lock, schema.migrations);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
    return db;
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
}
