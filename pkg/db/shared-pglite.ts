import type { PGlite, PGliteOptions } from '@electric-sql/pglite';
import type { Db, Queryable, Session } from './db';
import { openPGlite, sessionOf } from './pglite-db';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * One embedded PGlite holding several services' databases, one schema each. Every
 * PGlite instance carries its own Postgres (over 100 MB resident), so a launcher that
 * runs every service in one process keeps a single one. Each service gets a `Db` whose
 * statements run with its own schema as the search path: its migrations and store code
 * are the same as on a database of its own.
 */
export class SharedPGlite {
  /** The schema the session's search path names now; undefined when unknown. */
  private current: string | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly pg: PGlite) {}

  static async open(dataDir: string, options: PGliteOptions = {}): Promise<SharedPGlite> {
    return new SharedPGlite(await openPGlite(dataDir, options));
  }

  /** The database of one service: a schema created on first use. Closing it leaves the instance open. */
  async database(schema: string): Promise<Db> {
    if (!SCHEMA_NAME.test(schema)) throw new Error(`not a schema name: ${schema}`);
    await this.run(undefined, (pg) => pg.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}`));
    return new SchemaDb(this, schema);
  }

  /**
   * Runs `work` alone on the session, with `schema` as the search path. PGlite has a
   * single session, so queuing here costs no concurrency; it keeps one service's
   * statements from running under another's search path.
   */
  run<T>(schema: string | undefined, work: (pg: PGlite) => Promise<T>): Promise<T> {
    const turn = this.queue.then(async () => {
      if (schema !== undefined && this.current !== schema) {
        this.current = undefined;
        await this.pg.exec(`SET search_path TO ${schema}`);
        this.current = schema;
      }
      return work(this.pg);
    });
    this.queue = turn.catch(() => {});
    return turn;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.pg.close();
  }
}

class SchemaDb implements Db {
  constructor(
    private readonly host: SharedPGlite,
    private readonly schema: string,
  ) {}

  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]) {
    return this.host.run(this.schema, (pg) => sessionOf(pg).query<Row>(sql, params));
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.host.run(this.schema, (pg) => pg.transaction((tx) => work(sessionOf(tx))));
  }

  withAdvisoryLock<T>(_key: number, work: (session: Session) => Promise<T>): Promise<T> {
    // One process owns an embedded database: there is nobody to race with.
    return this.host.run(this.schema, (pg) => work(sessionOf(pg)));
  }

  async close(): Promise<void> {
    // The instance is shared: whoever opened it closes it.
  }
}
