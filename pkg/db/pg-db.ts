import { Pool, type PoolClient, type PoolConfig } from 'pg';
import { UnavailableError } from '../kit/errors';
import type { Db, Queryable, Session } from './db';
import { runQuery } from './query-error';

/** Connection failures become UNAVAILABLE (503); SQL errors stay as they are. */
function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE'].includes(code) ||
    code.startsWith('08') || // connection exception class
    code === '57P01' || // admin shutdown
    code === '57P03' || // cannot connect now
    /timeout exceeded when trying to connect|Connection terminated/i.test((error as Error).message ?? '')
  );
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isConnectionError(error)) throw new UnavailableError('database is unavailable');
    throw error;
  }
}

function queryable(client: Pool | PoolClient): Session {
  return {
    async exec(script: string) {
      // Without parameters pg uses the simple protocol, which accepts several statements.
      await client.query(script);
    },
    async query<Row>(sql: string, params: unknown[] = []) {
      const result = await runQuery(() => client.query(sql, params));
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
    },
  };
}

export class PgDb implements Db {
  private readonly pool: Pool;

  constructor(config: PoolConfig) {
    this.pool = new Pool({ connectionTimeoutMillis: 5000, max: 10, ...config });
    // An idle client losing its connection must not crash the process.
    this.pool.on('error', () => {});
  }

  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]) {
    return guarded(() => queryable(this.pool).query<Row>(sql, params));
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.onSession(async (client) => {
      await client.query('BEGIN');
      try {
        const result = await work(queryable(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
    });
  }

  withAdvisoryLock<T>(key: number, work: (session: Session) => Promise<T>): Promise<T> {
    return this.onSession(async (client) => {
      await client.query('SELECT pg_advisory_lock($1)', [key]);
      try {
        return await work(queryable(client));
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => {});
      }
    });
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  private onSession<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return guarded(async () => {
      const client = await this.pool.connect();
      try {
        return await work(client);
      } finally {
        client.release();
      }
    });
  }
}
