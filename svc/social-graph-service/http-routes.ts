import { socialGraphServiceOperations } from '../../pkg/contracts/social-graph-service';
import { serveOperations, type Authenticate, type MountableRoute } from '../../pkg/kit';
import type { SocialGraphManager } from '../../pkg/object-model';

/** The social graph's contract served by the (instrumented) service; `followersCaller` guards the trusted route. */
export function socialGraphRoutes(svc: SocialGraphManager, followersCaller?: Authenticate): MountableRoute[] {
  return serveOperations(
    socialGraphServiceOperations,
    {
      follow: (request) => svc.follow(request),
      unfollow: (request) => svc.unfollow(request),
      getFollowing: async ({ username }) => ({ following: await svc.getFollowing(username) }),
      getFollowers: async ({ username }) => ({ followers: await svc.getFollowers(username) }),
    },
    { authenticate: { getFollowers: followersCaller } },
  );
}
