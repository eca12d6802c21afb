import { guardOperations, type CallGuard, type UserProofSigner } from '../../pkg/auth';
import { userServiceAccess, userServiceOperations } from '../../pkg/contracts/user-service';
import { serveOperations, type MountableRoute } from '../../pkg/kit';
import type { UserManager } from '../../pkg/object-model';

/**
 * The user service's contract served by the (instrumented) service, to the gateway only.
 * Resolving a session also signs a short-lived proof of its user, which the gateway
 * forwards on the calls it makes for that user.
 */
export function userRoutes(svc: UserManager, proofs: UserProofSigner, guard?: CallGuard): MountableRoute[] {
  return serveOperations(
    userServiceOperations,
    {
      register: async (request) => ({ user: await svc.register(request) }),
      login: (request) => svc.login(request),
      logout: (request) => svc.logout(request),
      resolveSession: async ({ session }) => {
        const user = await svc.resolveSession(session);
        return { user, proof: await proofs.sign(user.username) };
      },
      getUser: async ({ username }) => ({ user: await svc.getUser(username) }),
      getPublicUser: async ({ username }) => ({ user: await svc.getPublicUser(username) }),
      createFeedToken: (request) => svc.createFeedToken(request),
      revokeFeedToken: (request) => svc.revokeFeedToken(request),
      // A live feed token proves its user as a session does: the gateway reads the feed with this proof.
      checkFeedToken: async (request) => {
        await svc.checkFeedToken(request);
        return { proof: await proofs.sign(request.username) };
      },
    },
    { authorize: guard && guardOperations(userServiceOperations, userServiceAccess, guard) },
  );
}
