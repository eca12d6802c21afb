import type { Db } from './db';
import { PGliteDb } from './pglite-db';
import { PgDb } from './pg-db';

/** A real Postgres when a URL is given, else an embedded PGlite (in memory, or in `dataDir`). */
export async function openDatabase(options: { url?: string; dataDir?: string }): Promise<Db> {
  if (options.url) return new PgDb({ connectionString: options.url });
  return PGliteDb.open(options.dataDir);
}
