import { InvalidArgumentError, NotFoundError } from '../../../pkg/object-model';
import {
  InMemorySocialGraphStore,
  PostgresSocialGraphStore,
  SOCIAL_GRAPH_MIGRATIONS_LOCK,
  SocialGraphService,
  socialGraphMigrations,
} from '../../../pkg/social-graph-manager';
import { sharedPGlite } from '../../support/pglite';
import { describeSocialGraphStoreContract } from '../../support/social-graph-store-contract';

describeSocialGraphStoreContract('in memory', async () => ({
  store: new InMemorySocialGraphStore(),
  close: async () => {},
}));

const pglite = sharedPGlite({ lock: SOCIAL_GRAPH_MIGRATIONS_LOCK, migrations: socialGraphMigrations }, [
  'follows',
]);
describeSocialGraphStoreContract('Postgres SQL on embedded PGlite', async () => ({
  store: new PostgresSocialGraphStore(await pglite()),
  close: async () => {},
}));

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
