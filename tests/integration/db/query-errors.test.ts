import { PGliteDb, PgDb, type Db } from '../../../pkg/db';
import { createTestDatabase, type TestDatabase } from '../../support/postgres';

const SECRET = '9223372036854775808';

/** What a log line would keep of the error: every field pino's serializer copies, and the message. */
async function failure(db: Db, sql: string, params: unknown[]): Promise<Record<string, unknown>> {
  const error = await db.query(sql, params).then(
    () => undefined,
    (thrown: Error) => thrown,
  );
  if (!error) throw new Error('the query was expected to fail');
  return { ...error, message: error.message };
}

function expectNoStatement(logged: Record<string, unknown>): void {
  expect(Object.keys(logged)).not.toEqual(expect.arrayContaining(['query']));
  expect(Object.keys(logged)).not.toEqual(expect.arrayContaining(['params']));
  expect(JSON.stringify(logged)).not.toContain(SECRET);
  expect(JSON.stringify(logged)).not.toMatch(/SELECT|INSERT/);
}

describe.each([
  [
    'PGlite',
    async () => {
      const db = await PGliteDb.open();
      return { db: db as Db, close: () => db.close() };
    },
  ],
  [
    'Postgres',
    async () => {
      const database: TestDatabase = await createTestDatabase('query_errors');
      const db = new PgDb({ connectionString: database.url });
      return {
        db: db as Db,
        close: async () => {
          await db.close();
          await database.drop();
        },
      };
    },
  ],
])('a failed query on %s', (_name, open) => {
  it('carries neither the SQL nor its parameters nor the values quoted back, but keeps its SQLSTATE', async () => {
    const { db, close } = await open();
    try {
      await db.query('CREATE TABLE guarded_table (n bigint UNIQUE)');
      const outOfRange = await failure(db, 'SELECT n FROM guarded_table WHERE n = $1::bigint', [SECRET]);
      expectNoStatement(outOfRange);
      expect(outOfRange).toMatchObject({
        code: '22003',
        message: 'value "…" is out of range for type bigint',
      });

      await db.query('INSERT INTO guarded_table VALUES ($1)', ['42']);
      const duplicate = await failure(db, 'INSERT INTO guarded_table VALUES ($1)', ['42']);
      expectNoStatement(duplicate);
      expect(JSON.stringify(duplicate)).not.toContain('(n)=(42)');
      expect(duplicate).toMatchObject({ code: '23505', constraint: 'guarded_table_n_key' });
    } finally {
      await close();
    }
  });
});
