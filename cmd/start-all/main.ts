/**
 * `npm start`: the whole system in one process (a monolithic mode, as Grafana Loki and
 * Mimir offer). Every service listens on its own standard port with its real transport;
 * one embedded PGlite persists the three databases under DATA_DIR, feeds live in memory
 * and events travel on an in-process bus — unless database URLs, REDIS_URL and NATS_URL
 * point at real servers, in which case the same code uses them.
 *
 * Nothing is touched before it is known to work: settings, then ports, then the lock
 * on DATA_DIR, and only then the folder's contents.
 */
import { join, resolve } from 'node:path';
import { createEventBus } from '../../pkg/events';
import { ConfigError, loadConfig, runService, type Stop } from '../../pkg/kit';
import { LINK_EVENT_STREAMS } from '../../pkg/object-model';
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
import { banner, shown } from './banner';
import { CALLERS } from '../../pkg/contracts/callers';
import { callerTokenPaths, writeCallerTokens } from './caller-tokens';
import { holderOf, inUseMessage, lockDataFolder } from './data-folder-lock';
import { openEmbeddedDatabases, type DatabaseOwner, type EmbeddedDatabases } from './embedded-database';
import { LauncherLogs } from './logging';
import { firstPortInUse, freeOffsetNear, offsetProblem, portsAt, usableOffsetsNear } from './ports';
import { serviceEnvironment, type ServiceName } from './service-settings';
import { launcherDeclarations } from './settings';
import { userProofKeyPaths, writeUserProofKeys } from './user-proof-keys';

runService('delinkcious', async () => {
  const config = loadConfig(launcherDeclarations);
  const dataDir = resolve(config.DATA_DIR);
  const ports = portsAt(config.PORT_OFFSET);
  const local = (port: number) => `http://127.0.0.1:${port}`;
  const secrets = join(dataDir, 'secrets');
  const { tokensFile, tokenFileOf } = callerTokenPaths(secrets, CALLERS);
  const { signingKeyFile, publicKeysFile } = userProofKeyPaths(secrets);
  // What every service that is called checks its callers with (README: Trust inside the cluster).
  const callerAuth = { CALLER_TOKENS_FILE: tokensFile, USER_PROOF_KEYS_FILE: publicKeysFile };
  const nats = {
    NATS_URL: config.NATS_URL,
    NATS_NAMESPACE: config.NATS_NAMESPACE,
    NATS_STREAM_REPLICAS: String(config.NATS_STREAM_REPLICAS),
  };

  // 1. Every service's settings, validated before anything starts.
  const environment = (
    service: ServiceName,
    wiring: Record<string, string | undefined>,
    computed: Record<string, string> = {},
  ) => serviceEnvironment(service, process.env, config, wiring, computed);
  const userEnv = environment('user-service', {
    PORT: String(ports['user-service']),
    USER_PROOF_SIGNING_KEY_FILE: signingKeyFile,
    ...callerAuth,
  });
  const socialEnv = environment('social-graph-service', {
    PORT: String(ports['social-graph-service']),
    ...callerAuth,
  });
  const linkEnv = environment('link-service', {
    PORT: String(ports['link-service']),
    ...callerAuth,
    ...nats,
  });
  const checkerEnv = environment('link-checker', { PORT: String(ports['link-checker']), ...nats });
  const newsEnv = environment('news-service', {
    PORT: String(ports['news-service']),
    ADMIN_PORT: String(ports['news-service (admin)']),
    SOCIAL_GRAPH_URL: local(ports['social-graph-service']),
    CALLER_TOKEN_FILE: tokenFileOf['news-service'],
    ...callerAuth,
    ...nats,
  });
  const gatewayEnv = environment(
    'api-gateway-service',
    {
      PORT: String(ports['api-gateway-service']),
      LINK_SERVICE_URL: local(ports['link-service']),
      USER_SERVICE_URL: local(ports['user-service']),
      SOCIAL_GRAPH_URL: local(ports['social-graph-service']),
      NEWS_SERVICE_ADDRESS: `127.0.0.1:${ports['news-service']}`,
      CALLER_TOKEN_FILE: tokenFileOf['api-gateway-service'],
    },
    { OAUTH_REDIRECT_URL: `http://localhost:${ports['api-gateway-service']}/login/callback` },
  );
  const userConfig = loadUserServiceConfig(userEnv);
  const socialConfig = loadSocialGraphServiceConfig(socialEnv);
  const linkConfig = loadLinkServiceConfig(linkEnv);
  const checkerConfig = loadLinkCheckerConfig(checkerEnv);
  const newsConfig = loadNewsServiceConfig(newsEnv);
  const gatewayConfig = loadApiGatewayConfig(gatewayEnv);

  // 2. Ports every client can call (no WHATWG bad port).
  const problem = offsetProblem(config.PORT_OFFSET);
  if (problem) {
    throw new ConfigError(
      `invalid configuration: PORT_OFFSET is "${config.PORT_OFFSET}": ${problem}; ` +
        `offsets that work nearby: ${usableOffsetsNear(config.PORT_OFFSET)
          .sort((a, b) => a - b)
          .join(', ')}`,
    );
  }
  const secondSystem = async () =>
    `DATA_DIR=${dataDir}-2 PORT_OFFSET=${await freeOffsetNear(config.PORT_OFFSET)}`;

  // 3. Nobody else on this data folder, nobody on these ports.
  const holder = await holderOf(dataDir);
  if (holder) throw new ConfigError(inUseMessage(dataDir, holder, await freeOffsetNear(holder.portOffset)));
  const taken = await firstPortInUse(config.PORT_OFFSET);
  if (taken) {
    throw new ConfigError(
      `port ${taken.port} (${taken.listener}) is already in use, perhaps by another Delinkcious: ` +
        `stop what listens there, or run this system on other ports: ${await secondSystem()} npm start`,
    );
  }

  // 4. The folder is ours from here on.
  const logs = new LauncherLogs();
  const launcherLog = logs.of('delinkcious', config.LOG_LEVEL);
  const releaseLock = await lockDataFolder(
    dataDir,
    config.PORT_OFFSET,
    async (other) => inUseMessage(dataDir, other, await freeOffsetNear(other.portOffset)),
    (message) => {
      launcherLog.fatal(message);
      process.kill(process.pid, 'SIGTERM');
    },
  );
  // Services first (last started, first stopped), then what they share, the lock last.
  const stops: Stop[] = [];
  let embedded: EmbeddedDatabases | undefined;
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await embedded?.close();
    await releaseLock();
  };
  try {
    writeCallerTokens(secrets, CALLERS);
    writeUserProofKeys(secrets);
    const bus = createEventBus({
      natsUrl: config.NATS_URL,
      namespace: config.NATS_NAMESPACE,
      replicas: config.NATS_STREAM_REPLICAS,
      streams: LINK_EVENT_STREAMS,
      logger: logs.of('events', config.LOG_LEVEL),
    });
    stops.push(async () => bus.close());

    // One embedded Postgres for the services given no DATABASE_URL, opened only if one needs it.
    const embeddedUsers: string[] = [];
    const databaseOf = async (owner: DatabaseOwner, url: string | undefined) => {
      if (url) return undefined;
      embedded ??= await openEmbeddedDatabases(dataDir);
      embeddedUsers.push(owner);
      return embedded.of(owner);
    };
    const started = async (
      name: string,
      create: () => Promise<{ listen(): Promise<unknown>; stop: Stop }>,
    ) => {
      const service = await create();
      stops.push(service.stop);
      await service.listen();
      launcherLog.info({ listener: name }, 'started');
    };
    const http = (app: { listen(o: { port: number; host: string }): Promise<string> }, port: number) => () =>
      app.listen({ port, host: '127.0.0.1' });

    await started('user-service', async () => {
      const db = await databaseOf('user-service', userConfig.DATABASE_URL);
      const { app, stop } = await createUserService(
        userConfig,
        logs.of('user-service', userConfig.LOG_LEVEL),
        {
          db,
        },
      );
      return { listen: http(app, userConfig.PORT), stop };
    });
    await started('social-graph-service', async () => {
      const db = await databaseOf('social-graph-service', socialConfig.DATABASE_URL);
      const logger = logs.of('social-graph-service', socialConfig.LOG_LEVEL);
      const { app, stop } = await createSocialGraphService(socialConfig, logger, { db });
      return { listen: http(app, socialConfig.PORT), stop };
    });
    await started('link-service', async () => {
      const db = await databaseOf('link-service', linkConfig.DATABASE_URL);
      const logger = logs.of('link-service', linkConfig.LOG_LEVEL);
      const { app, stop } = await createLinkService(linkConfig, logger, { eventBus: bus, db });
      return { listen: http(app, linkConfig.PORT), stop };
    });
    await started('link-checker', async () => {
      const logger = logs.of('link-checker', checkerConfig.LOG_LEVEL);
      const { app, stop } = await createLinkCheckerService(checkerConfig, logger, { eventBus: bus });
      return { listen: http(app, checkerConfig.PORT), stop };
    });
    await started('news-service', async () => {
      const logger = logs.of('news-service', newsConfig.LOG_LEVEL);
      const { grpc, admin, stop } = await createNewsService(newsConfig, logger, { eventBus: bus });
      return {
        listen: async () => {
          await grpc.listen(newsConfig.PORT, '127.0.0.1');
          await admin.listen({ port: newsConfig.ADMIN_PORT, host: '127.0.0.1' });
        },
        stop,
      };
    });
    await started('api-gateway-service', async () => {
      const logger = logs.of('api-gateway-service', gatewayConfig.LOG_LEVEL);
      const { app, stop } = await createApiGatewayService(gatewayConfig, logger);
      return { listen: http(app, gatewayConfig.PORT), stop };
    });

    const postgres = [
      ...(embedded ? [`Postgres: ${embedded.description} (${embeddedUsers.join(', ')})`] : []),
      ...[
        ['link-service', linkConfig.DATABASE_URL],
        ['user-service', userConfig.DATABASE_URL],
        ['social-graph-service', socialConfig.DATABASE_URL],
      ]
        .filter((entry): entry is [string, string] => !!entry[1])
        .map(([owner, url]) => `Postgres: ${shown(url)} (${owner})`),
    ];
    process.stdout.write(
      banner({
        ports,
        dataDir,
        servers: [
          ...postgres,
          `events: ${config.NATS_URL ? `NATS JetStream at ${shown(config.NATS_URL)}` : 'in process'}`,
          `news feeds: ${newsConfig.REDIS_URL ? `Redis at ${shown(newsConfig.REDIS_URL)}` : 'in memory'}`,
        ],
        local: [
          gatewayConfig.DEV_LOGIN_ENABLED
            ? 'development login on (POST /v1/dev/login)'
            : 'development login off',
          checkerConfig.ALLOW_PRIVATE_ADDRESSES
            ? 'the link checker may check local and private urls'
            : 'the link checker checks public urls only',
          gatewayConfig.OAUTH_CLIENT_ID && gatewayConfig.OAUTH_CLIENT_SECRET_FILE
            ? `social login at http://localhost:${gatewayConfig.PORT}/login`
            : 'social login off (set OAUTH_CLIENT_ID and OAUTH_CLIENT_SECRET_FILE)',
        ],
        residentMb: Math.round(process.memoryUsage.rss() / 2 ** 20),
        logLevel: config.LOG_LEVEL,
        devLogin: gatewayConfig.DEV_LOGIN_ENABLED,
      }),
    );
    logs.open();
  } catch (error) {
    logs.open();
    await stopAll();
    throw error;
  }
  return stopAll;
});
