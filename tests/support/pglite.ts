import { PGliteDb, migrate, type Migration } from '../../pkg/db';

/**
 * One embedded database for a whole test file (opening PGlite takes a second), migrated
 * once and emptied before each use; closed after the file's tests.
 */
export function sharedPGlite(
  schema: { lock: number; migrations: Migration[] },
  tables: string[],
): () => Promise<PGliteDb> {
  let shared: Promise<PGliteDb> | undefined;
  afterAll(async () => {
    if (shared) await (await shared).close();
  });
  return async () => {
    shared ??= PGliteDb.open().then(async (db) => {
      await migrate(db, schema.lock, schema.migrations);
      return db;
    });
    const db = await shared;
    await db.query(`TRUNCATE ${tables.join(', ')} RESTART IDENTITY`);
    return db;
  };
}
