import type { Db } from './db';

export interface Migration {
  /** Sortable and unique, e.g. `001_create_links`. Never renamed once released. */
  version: string;
  sql: string;
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`, in order, each in its
 * own transaction, while holding an advisory lock so replicas starting together do not
 * race. Returns the versions it applied.
 */
export async function migrate(db: Db, lockKey: number, migrations: Migration[]): Promise<string[]> {
  const sorted = [...migrations].sort((a, b) => a.version.localeCompare(b.version));
  return db.withAdvisoryLock(lockKey, async (session) => {
    await session.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const { rows } = await session.query<{ version: string }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.version));
    const done: string[] = [];
    for (const migration of sorted) {
      if (applied.has(migration.version)) continue;
      await session.exec('BEGIN');
      try {
        await session.exec(migration.sql);
        await session.query('INSERT INTO schema_migrations (version) VALUES ($1)', [migration.version]);
        await session.exec('COMMIT');
      } catch (error) {
        await session.exec('ROLLBACK').catch(() => {});
        throw new Error(`migration ${migration.version} failed: ${(error as Error).message}`);
      }
      done.push(migration.version);
    }
    return done;
  });
}
