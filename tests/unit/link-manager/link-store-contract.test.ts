import { PGliteDb, migrate } from '../../../pkg/db';
import {
  InMemoryLinkStore,
  LINK_MIGRATIONS_LOCK,
  PostgresLinkStore,
  linkMigrations,
} from '../../../pkg/link-manager';
import { describeLinkStoreContract } from '../../support/link-store-contract';

describeLinkStoreContract('in memory', async () => ({
  store: new InMemoryLinkStore(),
  close: async () => {},
}));

// One embedded database for the suite (opening PGlite takes a second); emptied before each test.
let shared: Promise<PGliteDb> | undefined;
afterAll(async () => {
  if (shared) await (await shared).close();
});

describeLinkStoreContract('Postgres SQL on embedded PGlite', async () => {
  shared ??= PGliteDb.open().then(async (db) => {
    await migrate(db, LINK_MIGRATIONS_LOCK, linkMigrations);
    return db;
  });
  const db = await shared;
  await db.query('TRUNCATE links, outbox RESTART IDENTITY');
  return { store: new PostgresLinkStore(db), close: async () => {} };
});
