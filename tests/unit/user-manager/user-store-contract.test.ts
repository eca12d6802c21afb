import {
  InMemoryUserStore,
  PostgresUserStore,
  USER_MIGRATIONS_LOCK,
  userMigrations,
} from '../../../pkg/user-manager';
import { sharedPGlite } from '../../support/pglite';
import { describeUserStoreContract } from '../../support/user-store-contract';

describeUserStoreContract('in memory', async () => ({
  store: new InMemoryUserStore(),
  close: async () => {},
}));

const pglite = sharedPGlite({ lock: USER_MIGRATIONS_LOCK, migrations: userMigrations }, [
  'users',
  'sessions',
  'feed_tokens',
]);
describeUserStoreContract('Postgres SQL on embedded PGlite', async () => ({
  store: new PostgresUserStore(await pglite()),
  close: async () => {},
}));
