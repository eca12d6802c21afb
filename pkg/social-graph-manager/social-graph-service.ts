import {
  InvalidArgumentError,
  NotFoundError,
  assertUsername,
  type FollowRequest,
  type SocialGraphManager,
} from '../object-model';
import type { SocialGraphStore } from './social-graph-store';

/** The social graph manager: who follows whom. */
export class SocialGraphService implements SocialGraphManager {
  constructor(private readonly store: SocialGraphStore) {}

  async follow(request: FollowRequest): Promise<void> {
    const { follower, followed } = this.edge(request);
    if (follower === followed) throw new InvalidArgumentError('you cannot follow yourself');
    await this.store.follow(follower, followed);
  }

  async unfollow(request: FollowRequest): Promise<void> {
    const { follower, followed } = this.edge(request);
    if (!(await this.store.unfollow(follower, followed))) {
      throw new NotFoundError(`${follower} does not follow ${followed}`);
    }
  }

  async getFollowing(username: string): Promise<string[]> {
    return this.store.following(assertUsername(username));
  }

  async getFollowers(username: string): Promise<string[]> {
    return this.store.followers(assertUsername(username));
  }

  private edge(request: FollowRequest): FollowRequest {
    return {
      follower: assertUsername(request.follower, 'follower'),
      followed: assertUsername(request.followed, 'followed'),
    };
  }
}
