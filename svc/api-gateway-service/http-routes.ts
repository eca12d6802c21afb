import type { FastifyRequest } from 'fastify';
import { runWithUserProof } from '../../pkg/auth';
import { serveOperations, type Authenticate, type MountableRoute } from '../../pkg/kit';
import { bearerToken } from './bearer';
import { devLoginHandlers, publicHandlers, type Backends } from './endpoints';
import { devLoginOperations, publicOperations } from './schemas';
import type { SessionCache } from './session-cache';

/**
 * SPEC's public API. Every /v1 route resolves the bearer session to its user first, and its
 * handler runs with the user service's proof of that user, which every call it makes forwards.
 */
export function apiRoutes(
  backends: Backends,
  sessions: SessionCache,
  options: { devLogin: boolean },
): MountableRoute[] {
  const user: Authenticate = async (request: FastifyRequest) => {
    const { user, proof } = await sessions.resolveWithProof(bearerToken(request));
    return { caller: user.username, within: (run) => runWithUserProof(proof, run) };
  };
  const routes = serveOperations(publicOperations, publicHandlers(backends, sessions), {
    authenticateAll: user,
    // Logout acts on the presented session: its handler resolves it (and answers 401 when it is not live).
    authenticate: { logout: bearerToken },
  });
  if (options.devLogin) routes.push(...serveOperations(devLoginOperations, devLoginHandlers(backends)));
  return routes;
}
