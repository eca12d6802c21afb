import type { Endpoint } from '../../pkg/kit';
import type { FollowRequest, SocialGraphManager } from '../../pkg/object-model';

export const makeFollowEndpoint =
  (svc: SocialGraphManager): Endpoint<FollowRequest, void> =>
  (request) =>
    svc.follow(request);

export const makeUnfollowEndpoint =
  (svc: SocialGraphManager): Endpoint<FollowRequest, void> =>
  (request) =>
    svc.unfollow(request);

export const makeGetFollowingEndpoint =
  (svc: SocialGraphManager): Endpoint<{ username: string }, string[]> =>
  ({ username }) =>
    svc.getFollowing(username);

export const makeGetFollowersEndpoint =
  (svc: SocialGraphManager): Endpoint<{ username: string }, string[]> =>
  ({ username }) =>
    svc.getFollowers(username);
