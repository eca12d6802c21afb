import { guardOperations, type CallGuard } from '../../pkg/auth';
import {
  socialGraphServiceAccess,
  socialGraphServiceOperations,
} from '../../pkg/contracts/social-graph-service';
import { serveOperations, type MountableRoute } from '../../pkg/kit';
import type { SocialGraphManager } from '../../pkg/object-model';

/** The social graph's contract served by the (instrumented) service, to the callers its access table names. */
export function socialGraphRoutes(svc: SocialGraphManager, guard?: CallGuard): MountableRoute[] {
  return serveOperations(
    socialGraphServiceOperations,
    {
      follow: (request) => svc.follow(request),
      unfollow: (request) => svc.unfollow(request),
      getFollowing: async ({ username }) => ({ following: await svc.getFollowing(username) }),
      getFollowers: async ({ username }) => ({ followers: await svc.getFollowers(username) }),
    },
    { authorize: guard && guardOperations(socialGraphServiceOperations, socialGraphServiceAccess, guard) },
  );
}
