import { createHash } from 'node:crypto';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import type { ApiGatewayConfig } from './config';
import { publicApiDocument } from './openapi';

/** Per user when a session is presented (hashed: the key never holds the token), else per address. */
function rateLimitKey(request: { headers: Record<string, unknown>; ip: string }): string {
  const auth = request.headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) {
    return `session:${createHash('sha256').update(auth).digest('hex')}`;
  }
  return `ip:${request.ip}`;
}

/** Security headers, CORS, rate limits and the OpenAPI document, before any route. */
export function gatewayPlugins(config: ApiGatewayConfig): Array<(app: FastifyInstance) => Promise<void>> {
  const origins = config.CORS_ORIGINS.split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  return [
    async (app) => {
      // The API serves JSON only; the docs page is the one HTML page, and it needs inline scripts.
      await app.register(helmet, { contentSecurityPolicy: false });
    },
    async (app) => {
      await app.register(cors, { origin: origins.length > 0 ? origins : false });
    },
    async (app) => {
      await app.register(rateLimit, {
        max: config.RATE_LIMIT_PER_MINUTE,
        timeWindow: 60_000,
        keyGenerator: rateLimitKey,
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
