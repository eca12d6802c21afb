import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { Closers, createHttpServer, type Stop } from '../../pkg/kit';
import { createMetricsRegistry } from '../../pkg/observability';
import { bookAliases } from './book-aliases';
import type { ApiGatewayConfig } from './config';
import type { Backends } from './endpoints';
import { apiRoutes } from './http-routes';
import { feedRoutes } from './feed-routes';
import { importExportRoutes } from './import-export-routes';
import { socialLogin } from './login-routes';
import { gatewayPlugins } from './plugins';
import { SessionCache } from './session-cache';
import { MemoryLoginCodes } from './login-codes';
import { connectSharedState } from './shared-state';
import { webApp } from './web-app';

export const API_GATEWAY = 'api-gateway-service';

/** The public API in front of the services; `backends` replaces the remote clients (one process, tests). */
export async function createApiGatewayService(
  config: ApiGatewayConfig,
  logger: Logger,
  backends?: Backends,
): Promise<{ app: FastifyInstance; stop: Stop }> {
  const registry = createMetricsRegistry(API_GATEWAY);
  const closers = new Closers();
  // Loaded only when needed, so a gateway given its backends (one process, tests) opens no clients.
  const services =
    backends ??
    closers.push((await import('./remote-backends')).remoteBackends(config, { logger, registry }), (remote) =>
      remote.close(),
    ).backends;
  // Before Redis is connected, so a bad OAuth2 setting stops the start with no connection left open.
  const login = socialLogin(config, services.users, logger);
  if (config.DEV_LOGIN_ENABLED) logger.warn('DEV_LOGIN_ENABLED=true: POST /v1/dev/login logs anyone in');

  // Replicas share rate limits and logout notices through Redis; without it (one process) memory does.
  const shared = config.REDIS_URL
    ? closers.push(connectSharedState(config.REDIS_URL, config.REDIS_KEY_PREFIX, logger), (state) =>
        state.close(),
      )
    : undefined;
  const sessions = new SessionCache(services.users, config.SESSION_CACHE_SECONDS * 1000, shared?.notices);
  const plugins = [
    bookAliases, // the book's header and /v1.0 paths (README: Following the book)
    ...gatewayPlugins(config, { sessions, redis: shared?.redis }),
    // A login code may be redeemed on another replica than the one that issued it.
    login(shared?.loginCodes ?? new MemoryLoginCodes()),
    importExportRoutes(services.links, sessions, { importLimitBytes: config.IMPORT_LIMIT_BYTES }),
    feedRoutes(services),
    webApp(config),
  ];

  const app = closers.push(
    createHttpServer({
      logger,
      registry,
      // The gateway holds no state: it is ready when it runs; each call reports its own dependency.
      readiness: {},
      bodyLimit: config.BODY_LIMIT_BYTES,
      plugins,
      trustProxy: config.TRUST_PROXY_HOPS,
      routes: apiRoutes(services, sessions, { devLogin: config.DEV_LOGIN_ENABLED }),
    }),
    (server) => server.close(),
  );
  return { app, stop: closers.closeAll };
}

export async function startApiGatewayService(config: ApiGatewayConfig, logger: Logger): Promise<Stop> {
  const { app, stop } = await createApiGatewayService(config, logger);
  await app.listen({ port: config.PORT, host: '0.0.0.0' });
  logger.info({ port: config.PORT }, 'api-gateway-service listening');
  return stop;
}
