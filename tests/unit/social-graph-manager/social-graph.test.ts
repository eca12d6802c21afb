import { PGliteDb, migrate } from '../../../pkg/db';
import { InvalidArgumentError, NotFoundError } from '../../../pkg/object-model';
import {
  InMemorySocialGraphStore,
  PostgresSocialGraphStore,
  SOCIAL_GRAPH_MIGRATIONS_LOCK,
  SocialGraphService,
  socialGraphMigrations,
} from '../../../pkg/social-graph-manager';
import { describeSocialGraphStoreContract } from '../../support/social-graph-store-contract';

describeSocialGraphStoreContract('in memory', async () => ({
  store: new InMemorySocialGraphStore(),
  close: async () => {},
}));

let shared: Promise<PGliteDb> | undefined;
afterAll(async () => {
  if (shared) await (await shared).close();
});

describeSocialGraphStoreContract('Postgres SQL on embedded PGlite', async () => {
  shared ??= PGliteDb.open().then(async (db) => {
    await migrate(db, SOCIAL_GRAPH_MIGRATIONS_LOCK, socialGraphMigrations);
    return db;
  });
  const db = await shared;
  await db.query('TRUNCATE follows');
  return { store: new PostgresSocialGraphStore(db), close: async () => {} };
});

describe('SocialGraphService', () => {
  const service = () => new SocialGraphService(new InMemorySocialGraphStore());

  it('refuses self-follow and bad usernames', async () => {
    await expect(service().follow({ followed: 'ann', follower: 'ann' })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(service().follow({ followed: 'ann', follower: '../x' })).rejects.toThrow(
      /follower must match/,
    );
    await expect(service().getFollowers('')).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('unfollowing someone you do not follow is NOT_FOUND', async () => {
    await expect(service().unfollow({ followed: 'ann', follower: 'bob' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});
