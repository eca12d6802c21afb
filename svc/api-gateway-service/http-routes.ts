import type { FastifyRequest } from 'fastify';
import { serveOperations, type Authenticate, type MountableRoute } from '../../pkg/kit';
import { bearerToken } from './bearer';
import { devLoginHandlers, publicHandlers, type Backends } from './endpoints';
import { devLoginOperations, publicOperations } from './schemas';
import type { SessionCache } from './session-cache';

type PublicOperation = keyof typeof publicOperations;

/** The public operations that need a session: all but the logins. */
export const SECURED: ReadonlySet<string> = new Set<PublicOperation>(
  Object.keys(publicOperations) as PublicOperation[],
);

/** SPEC's public API. Every /v1 route resolves the bearer session to its user first. */
export function apiRoutes(
  backends: Backends,
  sessions: SessionCache,
  options: { devLogin: boolean },
): MountableRoute[] {
  const user: Authenticate = async (request: FastifyRequest) =>
    (await sessions.resolve(bearerToken(request))).username;
  const authenticate = Object.fromEntries(
    Object.keys(publicOperations).map((name) => [name, user]),
  ) as Record<PublicOperation, Authenticate>;
  // Logout acts on the presented session: its handler resolves it (and answers 401 when it is not live).
  authenticate.logout = bearerToken;

  const routes = serveOperations(publicOperations, publicHandlers(backends, sessions), { authenticate });
  if (options.devLogin) routes.push(...serveOperations(devLoginOperations, devLoginHandlers(backends)));
  return routes;
}
