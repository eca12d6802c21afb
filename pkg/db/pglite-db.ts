import { PGlite, type PGliteOptions, type Transaction } from '@electric-sql/pglite';
import type { Db, Queryable, Session } from './db';
import { runQuery } from './query-error';

/** PGlite reports no affected rows for a SELECT; pg reports the rows returned. */
export function counted<Row>(result: { rows: Row[]; affectedRows?: number }) {
  return { rows: result.rows, rowCount: Math.max(result.affectedRows ?? 0, result.rows.length) };
}

/** A PGlite session (or one of its transactions) seen through the project's interfaces. */
export function sessionOf(pg: PGlite | Transaction): Session {
  return {
    async query<Row>(sql: string, params: unknown[] = []) {
      return counted(await runQuery(() => pg.query<Row>(sql, params)));
    },
    async exec(script: string) {
      await pg.exec(script);
    },
  };
}

/**
 * Opens PGlite, turning its failures (a WebAssembly `Aborted()`, say) into a message that
 * names the folder, so whoever reads it knows which files to look at.
 */
export async function openPGlite(dataDir?: string, options: PGliteOptions = {}): Promise<PGlite> {
  try {
    const pg = new PGlite(dataDir, options);
    await pg.waitReady;
    return pg;
  } catch (error) {
    const where = dataDir ? `in ${dataDir}` : 'in memory';
    throw new Error(
      `the embedded database ${where} could not be opened (${(error as Error).message}); ` +
        'if the folder is damaged, move it away to start afresh',
    );
  }
}

/**
 * Postgres compiled to WebAssembly, in this process: what a service runs on when no
 * DATABASE_URL is given. Same SQL, same migrations, no server to install. PGlite has
 * a single session, so transactions queue behind each other.
 */
export class PGliteDb implements Db {
  private constructor(private readonly pg: PGlite) {}

  /** `dataDir` undefined keeps the database in memory. */
  static async open(dataDir?: string, options: PGliteOptions = {}): Promise<PGliteDb> {
    return new PGliteDb(await openPGlite(dataDir, options));
  }

  async query<Row = Record<string, unknown>>(sql: string, params: unknown[] = []) {
    return counted(await runQuery(() => this.pg.query<Row>(sql, params)));
  }

  async exec(script: string): Promise<void> {
    await this.pg.exec(script);
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.pg.transaction((tx) => work(sessionOf(tx)));
  }

  async withAdvisoryLock<T>(_key: number, work: (session: Session) => Promise<T>): Promise<T> {
    // One process owns an embedded database: there is nobody to race with.
    return work(this);
  }

  close(): Promise<void> {
    return this.pg.close();
  }
}
