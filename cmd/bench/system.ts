import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import pino from 'pino';
import { writeTrustFiles } from '../start-all/trust-files';
import { GatewayCredentials } from './credentials';
import { JetStreamEventBus } from '../../pkg/events';
import { RedisFeedStore } from '../../pkg/news-manager';
import { LINK_EVENT_STREAMS } from '../../pkg/object-model';
import { deleteKeys } from './fanout';
import type { BenchOptions } from './options';
import { createBenchDatabase, type BenchDatabase } from './postgres';
import { sparePort, startProcess, stopAll, type ServerProcess } from './processes';

export const say = (line: string) => process.stdout.write(`${line}\n`);
const MAX_LINKS = '100000000';

/** The running system: every server in a process of its own. */
export interface System {
  floor: ServerProcess;
  links: ServerProcess;
  users: ServerProcess;
  news: ServerProcess;
  gateway: ServerProcess;
  /** Environment of the services, to start profiled copies of the link service and gateway. */
  linkEnv: Record<string, string>;
  gatewayEnv: Record<string, string>;
  /** What the gateway sends the link service (caller token, user proofs), for the link-service rows. */
  gatewayCredentials: GatewayCredentials;
}

/** What one run owns, all of it removed by cleanUp. */
export interface Run {
  options: BenchOptions;
  dir: string;
  databases: BenchDatabase[];
  processes: ServerProcess[];
  redisPrefix: string;
  natsNamespace: string;
}

/** Databases, caller tokens, and every service and the floor started as a process of its own. */
export async function startSystem(run: Run): Promise<System> {
  const { options, processes } = run;
  const [linkDb, userDb, socialDb] = await Promise.all(
    ['links', 'users', 'social'].map((purpose) => createBenchDatabase(options.postgresUrl, purpose)),
  );
  run.databases.push(linkDb, userDb, socialDb);
  const trust = writeTrustFiles(join(run.dir, 'secrets'));
  const port = async () => String(await sparePort());
  const at = (p: string) => `http://127.0.0.1:${p}`;
  const events = { NATS_URL: options.natsUrl, NATS_NAMESPACE: run.natsNamespace };
  const start = async (name: string, script: string, env: Record<string, string>, healthPort = env.PORT) => {
    say(`  starting ${name}`);
    const server = await startProcess({ name, script, env, url: at(env.PORT), healthUrl: at(healthPort) });
    processes.push(server);
    return server;
  };

  const linkEnv = {
    PORT: await port(),
    DATABASE_URL: linkDb.url,
    MAX_LINKS_PER_USER: MAX_LINKS,
    ...trust.callerAuth,
    ...events,
  };
  const links = await start('link-service', 'dist/svc/link-service/main.js', linkEnv);
  const users = await start('user-service', 'dist/svc/user-service/main.js', {
    PORT: await port(),
    DATABASE_URL: userDb.url,
    ...trust.callerAuth,
    ...trust.signing,
  });
  const social = await start('social-graph-service', 'dist/svc/social-graph-service/main.js', {
    PORT: await port(),
    DATABASE_URL: socialDb.url,
    ...trust.callerAuth,
  });
  const newsEnv = {
    PORT: await port(),
    ADMIN_PORT: await port(),
    REDIS_URL: options.redisUrl,
    REDIS_KEY_PREFIX: run.redisPrefix,
    SOCIAL_GRAPH_URL: social.url,
    ...trust.callerTokenOf['news-service'],
    ...trust.callerAuth,
    ...events,
  };
  const news = await start('news-service', 'dist/svc/news-service/main.js', newsEnv, newsEnv.ADMIN_PORT);
  const gatewayEnv = {
    PORT: await port(),
    LINK_SERVICE_URL: links.url,
    USER_SERVICE_URL: users.url,
    SOCIAL_GRAPH_URL: social.url,
    NEWS_SERVICE_ADDRESS: `127.0.0.1:${newsEnv.PORT}`,
    ...trust.callerTokenOf['api-gateway-service'],
    DEV_LOGIN_ENABLED: 'true',
    // As deployed: rate limits and logout notices shared through Redis (under the run's prefix).
    REDIS_URL: options.redisUrl,
    REDIS_KEY_PREFIX: `${run.redisPrefix}gateway:`,
    // The limiter still runs on every call; only its ceiling is out of the way.
    RATE_LIMIT_PER_MINUTE: MAX_LINKS,
  };
  const gateway = await start('api-gateway-service', 'dist/svc/api-gateway-service/main.js', gatewayEnv);
  const floor = await start('floor', 'dist/cmd/bench/floor-server.js', {
    PORT: await port(),
    DATABASE_URL: linkDb.url,
    REDIS_URL: options.redisUrl,
    REDIS_KEY_PREFIX: run.redisPrefix,
    MAX_LINKS_PER_USER: MAX_LINKS,
  });
  const gatewayCredentials = await GatewayCredentials.load(
    trust.callerTokenOf['api-gateway-service'].CALLER_TOKEN_FILE,
    trust.signing.USER_PROOF_SIGNING_KEY_FILE,
  );
  return { floor, links, users, news, gateway, linkEnv, gatewayEnv, gatewayCredentials };
}

export async function login(gateway: string, username: string): Promise<Record<string, string>> {
  const response = await fetch(`${gateway}/v1/dev/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, email: `${username}@example.com` }),
  });
  if (!response.ok) throw new Error(`dev login of ${username} answered ${response.status}`);
  const { session } = (await response.json()) as { session: string };
  return { authorization: `Bearer ${session}` };
}

/** Thirty news events in `username`'s feed, written as the news service's fan-out writes them. */
export async function seedFeed(run: Run, username: string): Promise<void> {
  const store = RedisFeedStore.connect(run.options.redisUrl, {
    keyPrefix: run.redisPrefix,
    maxLength: 1000,
  });
  for (let i = 0; i < 30; i++) {
    await store.append([username], `seed-${i}`, {
      eventType: 'LINK_ADDED',
      username: 'someone',
      url: `https://news.example/${i}`,
      title: `news ${i}`,
      timestamp: new Date().toISOString(),
    });
  }
  await store.close();
}

/** A fresh run: its own temporary directory, Redis key prefix and NATS namespace. */
export function newRun(options: BenchOptions, id: string): Run {
  return {
    options,
    dir: mkdtempSync(join(tmpdir(), 'dlk-bench-')),
    databases: [],
    processes: [],
    redisPrefix: `bench-${id}:`,
    natsNamespace: `bench_${id}`,
  };
}

/** Stops every process, drops the databases, deletes the Redis keys and NATS streams and the directory. */
export async function cleanUp(run: Run): Promise<void> {
  await stopAll(run.processes);
  for (const database of run.databases) await database.drop().catch(() => undefined);
  const redis = new Redis(run.options.redisUrl);
  const keys = await deleteKeys(redis, run.redisPrefix).catch(() => 0);
  redis.disconnect();
  const bus = new JetStreamEventBus({
    servers: run.options.natsUrl,
    namespace: run.natsNamespace,
    streams: LINK_EVENT_STREAMS,
    logger: pino({ level: 'silent' }),
  });
  await bus.deleteStreams().catch(() => undefined);
  await bus.close();
  // BENCH_KEEP=1 keeps the CPU profiles (open them in Chrome DevTools or speedscope).
  if (process.env.BENCH_KEEP) say(`kept the CPU profiles in ${run.dir}`);
  else rmSync(run.dir, { recursive: true, force: true });
  say(
    `cleaned up: ${run.processes.length} processes stopped, ${run.databases.length} databases dropped, ${keys} Redis keys and the NATS streams deleted`,
  );
}
