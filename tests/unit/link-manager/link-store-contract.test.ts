import {
  InMemoryLinkStore,
  LINK_MIGRATIONS_LOCK,
  PostgresLinkStore,
  linkMigrations,
} from '../../../pkg/link-manager';
import { describeLinkStoreContract } from '../../support/link-store-contract';
import { sharedPGlite } from '../../support/pglite';

describeLinkStoreContract('in memory', async () => ({
  store: new InMemoryLinkStore(),
  close: async () => {},
}));

const pglite = sharedPGlite({ lock: LINK_MIGRATIONS_LOCK, migrations: linkMigrations }, ['links', 'outbox']);
describeLinkStoreContract('Postgres SQL on embedded PGlite', async () => ({
  store: new PostgresLinkStore(await pglite()),
  close: async () => {},
}));
