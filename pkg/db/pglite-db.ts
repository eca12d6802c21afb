import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable, Session } from './db';

/** PGlite reports no affected rows for a SELECT; pg reports the rows returned. */
function counted<Row>(result: { rows: Row[]; affectedRows?: number }) {
  return { rows: result.rows, rowCount: Math.max(result.affectedRows ?? 0, result.rows.length) };
}

/**
 * Postgres compiled to WebAssembly, in this process: what a service runs on when no
 * DATABASE_URL is given. Same SQL, same migrations, no server to install. PGlite has
 * a single session, so transactions queue behind each other.
 */
export class PGliteDb implements Db {
  private constructor(private readonly pg: PGlite) {}

  /** `dataDir` undefined keeps the database in memory. */
  static async open(dataDir?: string): Promise<PGliteDb> {
    const pg = dataDir ? new PGlite(dataDir) : new PGlite();
    await pg.waitReady;
    return new PGliteDb(pg);
  }

  async query<Row = Record<string, unknown>>(sql: string, params: unknown[] = []) {
    return counted(await this.pg.query<Row>(sql, params));
  }

  async exec(script: string): Promise<void> {
    await this.pg.exec(script);
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.pg.transaction((tx) =>
      work({
        async query<Row>(sql: string, params: unknown[] = []) {
          return counted(await tx.query<Row>(sql, params));
        },
      }),
    );
  }

  async withAdvisoryLock<T>(_key: number, work: (session: Session) => Promise<T>): Promise<T> {
    // One process owns an embedded database: there is nobody to race with.
    return work(this);
  }

  close(): Promise<void> {
    return this.pg.close();
  }
}
