/**
 * `npm start`: the whole system in one process (a monolithic mode, as Grafana Loki and
 * Mimir offer). Every service listens on its own standard port with its real transport;
 * embedded PGlite databases persist under DATA_DIR, feeds live in memory and events
 * travel on an in-process bus — unless *_DATABASE_URL, REDIS_URL and NATS_URL point at
 * real servers, in which case the same code uses them.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import { createEventBus } from '../../pkg/events';
import { loadConfig, runService, setting, type Stop } from '../../pkg/kit';
import { LINK_EVENT_STREAMS } from '../../pkg/object-model';
import { createLogger } from '../../pkg/observability';
import { loadApiGatewayConfig } from '../../svc/api-gateway-service/config';
import { createApiGatewayService } from '../../svc/api-gateway-service/server';
import { loadLinkCheckerConfig } from '../../svc/link-checker/config';
import { createLinkCheckerService } from '../../svc/link-checker/server';
import { loadLinkServiceConfig } from '../../svc/link-service/config';
import { createLinkService } from '../../svc/link-service/server';
import { loadNewsServiceConfig } from '../../svc/news-service/config';
import { createNewsService } from '../../svc/news-service/server';
import { loadSocialGraphServiceConfig } from '../../svc/social-graph-service/config';
import { createSocialGraphService } from '../../svc/social-graph-service/server';
import { loadUserServiceConfig } from '../../svc/user-service/config';
import { createUserService } from '../../svc/user-service/server';
import { writeCallerTokens } from './caller-tokens';

const settings = {
  DATA_DIR: z.string().default('.data'),
  /** Added to every standard port, to run a second system beside the first. */
  PORT_OFFSET: z.coerce.number().int().min(0).max(50_000).default(0),
  LINK_DATABASE_URL: setting.url(['postgres', 'postgresql']).optional(),
  USER_DATABASE_URL: setting.url(['postgres', 'postgresql']).optional(),
  SOCIAL_GRAPH_DATABASE_URL: setting.url(['postgres', 'postgresql']).optional(),
  REDIS_URL: setting.url(['redis', 'rediss']).optional(),
  NATS_URL: setting.url(['nats', 'tls']).optional(),
  NATS_NAMESPACE: z.string().optional(),
  LOG_LEVEL: setting.logLevel().default('warn'),
};

const PORTS = {
  gateway: 5000,
  link: 8080,
  user: 7070,
  social: 9090,
  news: 6060,
  newsAdmin: 6061,
  checker: 8081,
};

runService('delinkcious', async () => {
  const config = loadConfig(settings);
  const port = (name: keyof typeof PORTS) => String(PORTS[name] + config.PORT_OFFSET);
  const dataDir = resolve(config.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const logger = createLogger('delinkcious', config.LOG_LEVEL);
  const log = (service: string): Logger => createLogger(service, config.LOG_LEVEL);
  const common = {
    LOG_LEVEL: config.LOG_LEVEL,
    NATS_URL: config.NATS_URL,
    NATS_NAMESPACE: config.NATS_NAMESPACE,
  };
  const database = (url: string | undefined, name: string) =>
    url ? { DATABASE_URL: url } : { PGLITE_DATA_DIR: join(dataDir, name) };
  const { tokensFile, tokenFileOf } = writeCallerTokens(join(dataDir, 'secrets'), [
    'news-service',
    'api-gateway-service',
  ]);

  // One bus for everyone: in process, or JetStream when NATS_URL is set.
  const bus = createEventBus({
    natsUrl: config.NATS_URL,
    namespace: config.NATS_NAMESPACE,
    streams: LINK_EVENT_STREAMS,
    logger: log('events'),
  });
  const stops: Stop[] = [async () => bus.close()];
  const started = async (name: string, create: () => Promise<{ listen(): Promise<unknown>; stop: Stop }>) => {
    const service = await create();
    stops.push(service.stop);
    await service.listen();
    logger.info({ service: name }, 'started');
  };
  const http = (app: { listen(o: { port: number; host: string }): Promise<string> }, p: string) => () =>
    app.listen({ port: Number(p), host: '127.0.0.1' });

  await started('user-service', async () => {
    const cfg = loadUserServiceConfig({
      ...common,
      PORT: port('user'),
      ...database(config.USER_DATABASE_URL, 'user_manager'),
    });
    const { app, stop } = await createUserService(cfg, log('user-service'));
    return { listen: http(app, port('user')), stop };
  });
  await started('social-graph-service', async () => {
    const cfg = loadSocialGraphServiceConfig({
      ...common,
      PORT: port('social'),
      CALLER_TOKENS_FILE: tokensFile,
      ...database(config.SOCIAL_GRAPH_DATABASE_URL, 'social_graph_manager'),
    });
    const { app, stop } = await createSocialGraphService(cfg, log('social-graph-service'));
    return { listen: http(app, port('social')), stop };
  });
  await started('link-service', async () => {
    const cfg = loadLinkServiceConfig({
      ...common,
      PORT: port('link'),
      ...database(config.LINK_DATABASE_URL, 'link_manager'),
    });
    const { app, stop } = await createLinkService(cfg, log('link-service'), { eventBus: bus });
    return { listen: http(app, port('link')), stop };
  });
  await started('link-checker', async () => {
    // Local runs check local urls too; a cluster never sets this.
    const cfg = loadLinkCheckerConfig({ ...common, PORT: port('checker'), ALLOW_PRIVATE_ADDRESSES: 'true' });
    const { app, stop } = await createLinkCheckerService(cfg, log('link-checker'), { eventBus: bus });
    return { listen: http(app, port('checker')), stop };
  });
  await started('news-service', async () => {
    const cfg = loadNewsServiceConfig({
      ...common,
      PORT: port('news'),
      ADMIN_PORT: port('newsAdmin'),
      REDIS_URL: config.REDIS_URL,
      SOCIAL_GRAPH_URL: `http://127.0.0.1:${port('social')}`,
      CALLER_TOKEN_FILE: tokenFileOf['news-service'],
    });
    const { grpc, admin, stop } = await createNewsService(cfg, log('news-service'), { eventBus: bus });
    return {
      listen: async () => {
        await grpc.listen(Number(port('news')));
        await admin.listen({ port: Number(port('newsAdmin')), host: '127.0.0.1' });
      },
      stop,
    };
  });
  await started('api-gateway-service', async () => {
    const cfg = loadApiGatewayConfig({
      LOG_LEVEL: config.LOG_LEVEL,
      PORT: port('gateway'),
      LINK_SERVICE_URL: `http://127.0.0.1:${port('link')}`,
      USER_SERVICE_URL: `http://127.0.0.1:${port('user')}`,
      SOCIAL_GRAPH_URL: `http://127.0.0.1:${port('social')}`,
      NEWS_SERVICE_ADDRESS: `127.0.0.1:${port('news')}`,
      CALLER_TOKEN_FILE: tokenFileOf['api-gateway-service'],
      DEV_LOGIN_ENABLED: 'true',
      OAUTH_REDIRECT_URL: `http://localhost:${port('gateway')}/login/callback`,
      ...pick(process.env, ['OAUTH_CLIENT_ID', 'OAUTH_CLIENT_SECRET_FILE']),
    });
    const { app, stop } = await createApiGatewayService(cfg, log('api-gateway-service'));
    return { listen: http(app, port('gateway')), stop };
  });

  printWelcome(Number(port('gateway')), dataDir, config);
  return async () => {
    for (const stop of stops.reverse()) await stop();
  };
});

function pick(env: NodeJS.ProcessEnv, names: string[]): Record<string, string> {
  return Object.fromEntries(names.filter((name) => env[name]).map((name) => [name, env[name] as string]));
}

function printWelcome(
  gatewayPort: number,
  dataDir: string,
  config: { NATS_URL?: string; REDIS_URL?: string },
): void {
  const gateway = `http://localhost:${gatewayPort}`;
  process.stdout.write(
    [
      '',
      `Delinkcious is running: ${gateway}  (API docs: ${gateway}/docs)`,
      `  data: ${dataDir}   events: ${config.NATS_URL ? 'NATS JetStream' : 'in process'}   feeds: ${config.REDIS_URL ? 'Redis' : 'in memory'}`,
      '',
      'Log in (development login) and use the API:',
      `  SESSION=$(curl -s -XPOST ${gateway}/v1/dev/login -H 'content-type: application/json' \\`,
      `    -d '{"username":"gigi","email":"gigi@example.com"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).session')`,
      `  curl -s -XPOST ${gateway}/v1/links -H "Authorization: Bearer $SESSION" -H 'content-type: application/json' \\`,
      `    -d '{"url":"https://kubernetes.io/","title":"Kubernetes","tags":["k8s"]}'`,
      `  curl -s ${gateway}/v1/links -H "Authorization: Bearer $SESSION"`,
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}
