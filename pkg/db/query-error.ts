/** Fields of a Postgres or PGlite error that repeat the statement or the values it was given. */
const STATEMENT_FIELDS = ['query', 'params', 'queryOptions', 'detail', 'hint', 'where', 'internalQuery'];

/** `value "…" is out of range`, `invalid input syntax for type bigint: "…"`: the value quoted. */
const QUOTED_VALUE = /(value |: )"(?:[^"\\]|\\.)*"/g;

/**
 * A failed query's error without the SQL, its parameters or the values Postgres quotes back,
 * so that whatever logs it (the error handler, the logging middleware) keeps no user data.
 * The SQLSTATE code, severity, table, column, constraint and routine stay to diagnose it.
 */
export function withoutStatement(error: unknown): unknown {
  if (typeof error !== 'object' || error === null) return error;
  const fields = error as Record<string, unknown>;
  for (const field of STATEMENT_FIELDS) delete fields[field];
  if (error instanceof Error) error.message = error.message.replace(QUOTED_VALUE, '$1"…"');
  return error;
}

/** Runs a query, rethrowing its failure without the statement (see withoutStatement). */
export async function runQuery<T>(query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (error) {
    throw withoutStatement(error);
  }
}
