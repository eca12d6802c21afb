import { PGliteDb, migrate } from '../../../pkg/db';
import {
  InMemoryUserStore,
  PostgresUserStore,
  USER_MIGRATIONS_LOCK,
  userMigrations,
} from '../../../pkg/user-manager';
import { describeUserStoreContract } from '../../support/user-store-contract';

describeUserStoreContract('in memory', async () => ({
  store: new InMemoryUserStore(),
  close: async () => {},
}));

// One embedded database for the suite (opening PGlite takes a second); emptied before each test.
let shared: Promise<PGliteDb> | undefined;
afterAll(async () => {
  if (shared) await (await shared).close();
});

describeUserStoreContract('Postgres SQL on embedded PGlite', async () => {
  shared ??= PGliteDb.open().then(async (db) => {
    await migrate(db, USER_MIGRATIONS_LOCK, userMigrations);
    return db;
  });
  const db = await shared;
  await db.query('TRUNCATE users, sessions');
  return { store: new PostgresUserStore(db), close: async () => {} };
});
