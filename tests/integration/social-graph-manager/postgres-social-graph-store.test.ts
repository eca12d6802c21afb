import { PgDb, migrate } from '../../../pkg/db';
import {
  PostgresSocialGraphStore,
  SOCIAL_GRAPH_MIGRATIONS_LOCK,
  SocialGraphService,
  socialGraphMigrations,
} from '../../../pkg/social-graph-manager';
import { createTestDatabase, type TestDatabase } from '../../support/postgres';
import { describeSocialGraphStoreContract } from '../../support/social-graph-store-contract';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('social');
});
afterAll(async () => {
  await database.drop();
});

async function freshStore() {
  const db = new PgDb({ connectionString: database.url });
  await migrate(db, SOCIAL_GRAPH_MIGRATIONS_LOCK, socialGraphMigrations);
  await db.query('TRUNCATE follows');
  return { db, store: new PostgresSocialGraphStore(db) };
}

describeSocialGraphStoreContract('real Postgres', async () => {
  const { db, store } = await freshStore();
  return { store, close: () => db.close() };
});

describe('a celebrity on real Postgres', () => {
  it('lists all 100 000 followers of one user, exactly and in order', async () => {
    const { db, store } = await freshStore();
    try {
      await db.query(
        "INSERT INTO follows (follower, followed) SELECT 'fan' || lpad(n::text, 6, '0'), 'star' FROM generate_series(1, 100000) AS n",
      );
      await db.query("INSERT INTO follows (follower, followed) VALUES ('star', 'fan000001')");
      const service = new SocialGraphService(store);
      const followers = await service.getFollowers('star');
      expect(followers).toHaveLength(100_000);
      expect(new Set(followers).size).toBe(100_000);
      expect(followers[0]).toBe('fan000001');
      expect(followers[99_999]).toBe('fan100000');
      expect(await service.getFollowing('star')).toEqual(['fan000001']);
      expect(await service.getFollowing('fan050000')).toEqual(['star']);
    } finally {
      await db.close();
    }
  });
});
