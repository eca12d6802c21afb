import { userServiceOperations } from '../../pkg/contracts/user-service';
import { serveOperations, type MountableRoute } from '../../pkg/kit';
import type { UserManager } from '../../pkg/object-model';

/** The user service's contract served by the (instrumented) service. */
export function userRoutes(svc: UserManager): MountableRoute[] {
  return serveOperations(userServiceOperations, {
    register: async (request) => ({ user: await svc.register(request) }),
    login: (request) => svc.login(request),
    logout: (request) => svc.logout(request),
    resolveSession: async ({ session }) => ({ user: await svc.resolveSession(session) }),
    getUser: async ({ username }) => ({ user: await svc.getUser(username) }),
    createFeedToken: (request) => svc.createFeedToken(request),
    revokeFeedToken: (request) => svc.revokeFeedToken(request),
    checkFeedToken: (request) => svc.checkFeedToken(request),
  });
}
