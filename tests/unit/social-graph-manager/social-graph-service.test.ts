import { InvalidArgumentError, NotFoundError } from '../../../pkg/object-model';
import { InMemorySocialGraphStore, SocialGraphService } from '../../../pkg/social-graph-manager';

const service = () => new SocialGraphService(new InMemorySocialGraphStore());

describe('SocialGraphService', () => {
  it('records a follow in both directions', async () => {
    const graph = service();
    await graph.follow({ follower: 'bob', followed: 'ann' });
    await graph.follow({ follower: 'cid', followed: 'ann' });
    expect(await graph.getFollowers('ann')).toEqual(['bob', 'cid']);
    expect(await graph.getFollowing('bob')).toEqual(['ann']);
  });

  it('lists both directions sorted, whatever the order of the follows', async () => {
    const graph = service();
    for (const [follower, followed] of [
      ['zed', 'cid'],
      ['ann', 'cid'],
      ['zed', 'bob'],
    ])
      await graph.follow({ follower, followed });
    expect(await graph.getFollowing('zed')).toEqual(['bob', 'cid']);
    expect(await graph.getFollowers('cid')).toEqual(['ann', 'zed']);
  });

  it('refuses following yourself, storing nothing', async () => {
    const graph = service();
    await expect(graph.follow({ follower: 'ann', followed: 'ann' })).rejects.toThrow(
      new InvalidArgumentError('you cannot follow yourself'),
    );
    expect(await graph.getFollowing('ann')).toEqual([]);
  });

  it('names the bad field of a follow: follower or followed', async () => {
    await expect(service().follow({ follower: 'ann', followed: '../x' })).rejects.toThrow(
      /^followed must match/,
    );
    await expect(service().unfollow({ follower: '', followed: 'ann' })).rejects.toThrow(
      /^follower must match/,
    );
  });

  it('unfollows an edge once, then answers NOT_FOUND naming it', async () => {
    const graph = service();
    await graph.follow({ follower: 'bob', followed: 'ann' });
    await graph.unfollow({ follower: 'bob', followed: 'ann' });
    expect(await graph.getFollowers('ann')).toEqual([]);
    await expect(graph.unfollow({ follower: 'bob', followed: 'ann' })).rejects.toThrow(
      new NotFoundError('bob does not follow ann'),
    );
  });

  it('refuses a bad username when listing either direction', async () => {
    await expect(service().getFollowing('-x')).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(service().getFollowers('-x')).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});
