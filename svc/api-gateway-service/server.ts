import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createHttpServer, type Stop } from '../../pkg/kit';
import { createMetricsRegistry } from '../../pkg/observability';
import type { ApiGatewayConfig } from './config';
import type { Backends } from './endpoints';
import { apiRoutes } from './http-routes';
import { loginRoutes } from './login-routes';
import { OAuth2Login } from './oauth2-login';
import { gatewayPlugins } from './plugins';
import { SessionCache } from './session-cache';
import { tracedBackends } from './traced-backends';

export const API_GATEWAY = 'api-gateway-service';

/** The public API in front of the services; `backends` replaces the remote clients (one process, tests). */
export async function createApiGatewayService(
  config: ApiGatewayConfig,
  logger: Logger,
  backends?: Backends,
): Promise<{ app: FastifyInstance; stop: Stop }> {
  // Loaded only when needed, so a gateway given its backends (one process, tests) opens no clients.
  const remote = backends ? undefined : (await import('./remote-backends')).remoteBackends(config);
  const services = tracedBackends(backends ?? remote!.backends, API_GATEWAY);
  const sessions = new SessionCache(services.users, config.SESSION_CACHE_SECONDS * 1000);
  const plugins = gatewayPlugins(config);

  if (config.OAUTH_CLIENT_ID && config.OAUTH_CLIENT_SECRET_FILE) {
    const oauth = new OAuth2Login({
      authorizeUrl: config.OAUTH_AUTHORIZE_URL,
      tokenUrl: config.OAUTH_TOKEN_URL,
      userinfoUrl: config.OAUTH_USERINFO_URL,
      clientId: config.OAUTH_CLIENT_ID,
      clientSecret: readFileSync(config.OAUTH_CLIENT_SECRET_FILE, 'utf8').trim(),
      redirectUrl: config.OAUTH_REDIRECT_URL,
      scope: config.OAUTH_SCOPE,
    });
    plugins.push(loginRoutes(oauth, services.users));
  } else {
    logger.warn('OAUTH_CLIENT_ID or OAUTH_CLIENT_SECRET_FILE is not set: social login (GET /login) is off');
  }
  if (config.DEV_LOGIN_ENABLED) logger.warn('DEV_LOGIN_ENABLED=true: POST /v1/dev/login logs anyone in');

  const app = createHttpServer({
    logger,
    registry: createMetricsRegistry(API_GATEWAY),
    // The gateway holds no state: it is ready when it runs; each call reports its own dependency.
    readiness: {},
    bodyLimit: config.BODY_LIMIT_BYTES,
    plugins,
    routes: apiRoutes(services, sessions, { devLogin: config.DEV_LOGIN_ENABLED }),
  });
  const stop = async () => {
    await app.close();
    remote?.close();
  };
  return { app, stop };
}

export async function startApiGatewayService(config: ApiGatewayConfig, logger: Logger): Promise<Stop> {
  const { app, stop } = await createApiGatewayService(config, logger);
  await app.listen({ port: config.PORT, host: '0.0.0.0' });
  logger.info({ port: config.PORT }, 'api-gateway-service listening');
  return stop;
}
