import { InvalidArgumentError, type FollowRequest, type SocialGraphManager } from '../../../pkg/object-model';

/** An in-memory social graph for news tests; `followersCalls` counts getFollowers calls. */
export class FakeSocialGraph implements SocialGraphManager {
  private readonly edges = new Map<string, Set<string>>();
  followersCalls = 0;

  async follow({ followed, follower }: FollowRequest): Promise<void> {
    if (followed === follower) throw new InvalidArgumentError('nobody follows themself');
    const followers = this.edges.get(followed) ?? new Set<string>();
    followers.add(follower);
    this.edges.set(followed, followers);
  }

  async unfollow({ followed, follower }: FollowRequest): Promise<void> {
    this.edges.get(followed)?.delete(follower);
  }

  async getFollowing(username: string): Promise<string[]> {
    return [...this.edges].filter(([, followers]) => followers.has(username)).map(([followed]) => followed);
  }

  async getFollowers(username: string): Promise<string[]> {
    this.followersCalls += 1;
    return [...(this.edges.get(username) ?? [])];
  }
}
