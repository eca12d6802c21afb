import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type Redis from 'ioredis';
import { presentedBearer } from './bearer';
import { LeasedRedisStore } from './leased-rate-limit-store';
import { securityHeaders } from './security-headers';
import type { ApiGatewayConfig } from './config';
import type { SessionCache } from './session-cache';
import { publicApiDocument } from './openapi';

/**
 * Per user when the bearer session resolves, else per client address (the real one behind
 * the ingress: see TRUST_PROXY_HOPS). A made-up or ended session is charged to the address
 * it came from, so inventing tokens never opens a fresh budget.
 */
export function rateLimitKey(sessions: SessionCache) {
  return async (request: FastifyRequest): Promise<string> => {
    const session = presentedBearer(request);
    if (session !== undefined) {
      try {
        // Cached: the route's own authentication then costs no second lookup.
        return `user:${(await sessions.resolve(session)).username}`;
      } catch {
        // Unresolvable (or the user service is down, which the route reports): the address pays.
      }
    }
    return `ip:${request.ip}`;
  };
}

/** Security headers, CORS, cookies, rate limits and the OpenAPI document, before any route. */
export function gatewayPlugins(
  config: ApiGatewayConfig,
  shared: { sessions: SessionCache; redis?: Redis },
): Array<(app: FastifyInstance) => Promise<void>> {
  const origins = config.CORS_ORIGINS.split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  return [
    async (app) => {
      // The API serves JSON only; the docs page is the one HTML page, and it needs inline scripts.
      await securityHeaders(app, { contentSecurityPolicy: false });
    },
    async (app) => {
      // With no origin listed, no cross-origin call is allowed and the plugin would only add
      // a hook to every request that does nothing (a preflight is then an unknown method).
      if (origins.length > 0) await app.register(cors, { origin: origins });
    },
    async (app) => {
      // Only the login cookie is read; login-cookie.ts signs it with its own rotating keys.
      await app.register(cookie);
    },
    async (app) => {
      await app.register(rateLimit, {
        max: config.RATE_LIMIT_PER_MINUTE,
        timeWindow: 60_000,
        // After routing, so the key can be the user the session resolves to.
        hook: 'preValidation',
        keyGenerator: rateLimitKey(shared.sessions),
        // Counted in Redis when there is one, so every replica draws on the same budget (in
        // leases of several calls while far from the limit: leased-rate-limit-store.ts).
        ...(shared.redis
          ? { store: LeasedRedisStore.on(shared.redis, `${config.REDIS_KEY_PREFIX}rate-limit:`) }
          : {}),
        // A Redis outage must not take the public API down with it: limits resume when it is back.
        skipOnError: true,
        errorResponseBuilder: (_request, context) =>
          Object.assign(new Error(`rate limit exceeded; retry in ${Math.ceil(context.ttl / 1000)} s`), {
            statusCode: 429,
          }),
      });
    },
    async (app) => {
      await app.register(swagger, { mode: 'static', specification: { document: publicApiDocument(config) } });
      await app.register(swaggerUi, { routePrefix: '/docs' });
      app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    },
  ];
}
