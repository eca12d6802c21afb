/** The part of a SQL connection the stores use; implemented over `pg` and over PGlite. */
export interface Queryable {
  query<Row = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
  ): Promise<{ rows: Row[]; rowCount: number }>;
}

/** One connection: can also run a multi-statement script (a migration). */
export interface Session extends Queryable {
  exec(script: string): Promise<void>;
}

export interface Db extends Queryable {
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs `work` on one session while holding a Postgres advisory lock. */
  withAdvisoryLock<T>(key: number, work: (session: Session) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
