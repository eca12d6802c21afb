/**
 * `npm run bench`: what each layer costs, measured as deployed. Every server runs in a
 * process of its own (`node dist/...`), this process only generates load (autocannon)
 * and reports; real Postgres, Redis and NATS at their local ports, in databases, key
 * prefixes and streams of this run's own, removed at the end. Prints one table of
 * requests/s relative to each row's floor and p99 latencies, the scale and fan-out
 * rows, and where the gateway's and the link service's time goes (CPU profiles).
 * `--quick` is a short run; `--seconds N` sets each row's duration.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { writeCallerTokens } from '../start-all/caller-tokens';
import { JetStreamEventBus } from '../../pkg/events';
import { RedisFeedStore } from '../../pkg/news-manager';
import { loadNewsServiceConfig } from '../../svc/news-service/config';
import { formatShares, readProfile, summariseProfile } from './cpu-profile';
import { deleteKeys, measureFanOut, type FanOutResult } from './fanout';
import { load, type LoadTarget } from './load';
import { parseBenchOptions, type BenchOptions } from './options';
import { bulkLoadLinks, createBenchDatabase, explainFirstPage, type BenchDatabase } from './postgres';
import { sparePort, startProcess, stopAll, type ServerProcess } from './processes';
import { formatTable } from './report';
import { measureGroup, type Contender } from './rounds';

const say = (line: string) => process.stdout.write(`${line}\n`);
const MAX_LINKS = '100000000';

interface System {
  floor: ServerProcess;
  links: ServerProcess;
  users: ServerProcess;
  news: ServerProcess;
  gateway: ServerProcess;
  /** Environment of the services, to start profiled copies of the link service and gateway. */
  linkEnv: Record<string, string>;
  gatewayEnv: Record<string, string>;
}

interface Run {
  options: BenchOptions;
  dir: string;
  databases: BenchDatabase[];
  processes: ServerProcess[];
  redisPrefix: string;
  natsNamespace: string;
}

async function startSystem(run: Run): Promise<System> {
  const { options, processes } = run;
  const [linkDb, userDb, socialDb] = await Promise.all(
    ['links', 'users', 'social'].map((purpose) => createBenchDatabase(options.postgresUrl, purpose)),
  );
  run.databases.push(linkDb, userDb, socialDb);
  const { tokensFile, tokenFileOf } = writeCallerTokens(join(run.dir, 'secrets'), [
    'news-service',
    'api-gateway-service',
  ]);
  const port = async () => String(await sparePort());
  const at = (p: string) => `http://127.0.0.1:${p}`;
  const events = { NATS_URL: options.natsUrl, NATS_NAMESPACE: run.natsNamespace };
  const start = async (name: string, script: string, env: Record<string, string>, healthPort = env.PORT) => {
    say(`  starting ${name}`);
    const server = await startProcess({ name, script, env, url: at(env.PORT), healthUrl: at(healthPort) });
    processes.push(server);
    return server;
  };

  const linkEnv = { PORT: await port(), DATABASE_URL: linkDb.url, MAX_LINKS_PER_USER: MAX_LINKS, ...events };
  const links = await start('link-service', 'dist/svc/link-service/main.js', linkEnv);
  const users = await start('user-service', 'dist/svc/user-service/main.js', {
    PORT: await port(),
    DATABASE_URL: userDb.url,
  });
  const social = await start('social-graph-service', 'dist/svc/social-graph-service/main.js', {
    PORT: await port(),
    DATABASE_URL: socialDb.url,
    CALLER_TOKENS_FILE: tokensFile,
  });
  const newsEnv = {
    PORT: await port(),
    ADMIN_PORT: await port(),
    REDIS_URL: options.redisUrl,
    REDIS_KEY_PREFIX: run.redisPrefix,
    SOCIAL_GRAPH_URL: social.url,
    CALLER_TOKEN_FILE: tokenFileOf['news-service'],
    ...events,
  };
  const news = await start('news-service', 'dist/svc/news-service/main.js', newsEnv, newsEnv.ADMIN_PORT);
  const gatewayEnv = {
    PORT: await port(),
    LINK_SERVICE_URL: links.url,
    USER_SERVICE_URL: users.url,
    SOCIAL_GRAPH_URL: social.url,
    NEWS_SERVICE_ADDRESS: `127.0.0.1:${newsEnv.PORT}`,
    CALLER_TOKEN_FILE: tokenFileOf['api-gateway-service'],
    DEV_LOGIN_ENABLED: 'true',
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
  return { floor, links, users, news, gateway, linkEnv, gatewayEnv };
}

async function login(gateway: string, username: string): Promise<Record<string, string>> {
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
async function seedFeed(run: Run, username: string): Promise<void> {
  const store = RedisFeedStore.connect(run.options.redisUrl, {
    keyPrefix: run.redisPrefix,
    maxLength: 1000,
    dedupTtlSeconds: 600,
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

let unique = 0;
/** Adds rotate over POSTERS users, as adds from many users would arrive (one user's adds queue on its lock). */
const POSTERS = 50;
const posterNames = (prefix: string) => Array.from({ length: POSTERS }, (_, i) => `${prefix}${i}`);

/** A new link per request, for one of `usernames` in the body (the link service, the floor). */
const addAs = (usernames: string[]) => () => {
  const n = unique++;
  const username = usernames[n % usernames.length];
  return { body: JSON.stringify({ username, url: `https://bench.example/${n}`, title: 'bench' }) };
};

/** A new link per request, for one of the sessions (the gateway). */
const addWith = (sessions: Record<string, string>[]) => () => {
  const n = unique++;
  return {
    body: JSON.stringify({ url: `https://bench.example/${n}`, title: 'bench' }),
    headers: sessions[n % sessions.length],
  };
};

async function measure(run: Run, name: string, target: LoadTarget, connections = run.options.connections) {
  const { seconds, warmupSeconds } = run.options;
  say(`  ${name}: ${warmupSeconds} s warm-up, ${seconds} s measured`);
  await load(target, warmupSeconds, connections);
  return load(target, seconds, connections);
}

/** Self time of the gateway and the link service under one kind of load, from copies run with --cpu-prof. */
async function profile(run: Run, system: System, target: (gateway: string) => LoadTarget) {
  const dirOf = (who: string) => join(run.dir, `profile-${who}-${unique++}`);
  const profiled = async (name: string, script: string, env: Record<string, string>, dir: string) => {
    const url = `http://127.0.0.1:${env.PORT}`;
    const server = await startProcess({
      name,
      script,
      env,
      url,
      nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
    });
    run.processes.push(server);
    return server;
  };
  const linksDir = dirOf('links');
  const gatewayDir = dirOf('gateway');
  const links = await profiled(
    'profiled link-service',
    'dist/svc/link-service/main.js',
    { ...system.linkEnv, PORT: String(await sparePort()) },
    linksDir,
  );
  const gateway = await profiled(
    'profiled api-gateway-service',
    'dist/svc/api-gateway-service/main.js',
    { ...system.gatewayEnv, PORT: String(await sparePort()), LINK_SERVICE_URL: links.url },
    gatewayDir,
  );
  await load(target(gateway.url), run.options.warmupSeconds, run.options.connections);
  // Only the measured window counts: each profile began when its process started.
  const skip = (server: ServerProcess) => ({ skipMs: Date.now() - server.startedAt });
  const skips = { gateway: skip(gateway), links: skip(links) };
  const cpuBefore = { gateway: gateway.cpuMs(), links: links.cpuMs() };
  const seconds = run.options.seconds * run.options.rounds;
  const result = await load(target(gateway.url), seconds, run.options.connections);
  const cpuUs = (server: ServerProcess, before: number) =>
    ((server.cpuMs() - before) * 1000) / (result.rps * seconds);
  const cpu = { gateway: cpuUs(gateway, cpuBefore.gateway), links: cpuUs(links, cpuBefore.links) };
  // A clean exit (SIGTERM) is when node writes the profile.
  await gateway.stop();
  await links.stop();
  return {
    gateway: { ...summariseProfile(readProfile(gatewayDir), skips.gateway), cpuUsPerRequest: cpu.gateway },
    links: { ...summariseProfile(readProfile(linksDir), skips.links), cpuUsPerRequest: cpu.links },
  };
}

async function measureAll(run: Run, system: System) {
  const { floor, links, users, news, gateway } = system;
  say('seeding: 1 000 links of user "bench" (generate_series), 30 news events in its feed');
  await bulkLoadLinks(run.databases[0].url, ['bench'], 1000);
  await seedFeed(run, 'bench');
  const bench = await login(gateway.url, 'bench');
  const posters: Record<string, string>[] = [];
  for (const name of posterNames('poster')) posters.push(await login(gateway.url, name));

  say('measuring (each server in its own process; this process only generates load):');
  const scaleSmall = await measure(
    run,
    'scale: GET /links, 1 connection, 1 000 links in the table',
    { url: `${links.url}/links?username=bench` },
    1,
  );
  const group = (name: string, contenders: Contender[]) => {
    say(
      `  ${name}: ${run.options.warmupSeconds} s warm-up each, then ${run.options.rounds} rounds of ${run.options.seconds} s each`,
    );
    return measureGroup(contenders, run.options, say);
  };
  const rows = [
    ...(await group('GET /links', [
      {
        name: "floor: bare fastify + the link store's SELECT",
        target: { url: `${floor.url}/links?username=bench` },
        servers: [floor],
      },
      {
        name: 'GET /links on the link service',
        goal: '≥ 0.85',
        target: { url: `${links.url}/links?username=bench` },
        servers: [links],
      },
      {
        name: 'GET /v1/links through the gateway',
        goal: '≥ 0.50, p99 ≤ 3×',
        target: { url: `${gateway.url}/v1/links`, headers: bench },
        servers: [gateway, links, users],
      },
    ])),
    ...(await group('POST /links', [
      {
        name: "floor: bare fastify + the link store's insert tx",
        target: { url: `${floor.url}/links`, method: 'POST', next: addAs(posterNames('floor-poster')) },
        servers: [floor],
      },
      {
        name: 'POST /links on the link service',
        target: { url: `${links.url}/links`, method: 'POST', next: addAs(posterNames('link-poster')) },
        servers: [links],
      },
      {
        name: 'POST /v1/links through the gateway',
        goal: '≥ 0.35',
        target: { url: `${gateway.url}/v1/links`, method: 'POST', next: addWith(posters) },
        servers: [gateway, links, users],
      },
    ])),
    ...(await group('GET /v1/news', [
      {
        name: "floor: bare fastify + the feed store's XREVRANGE",
        target: { url: `${floor.url}/news?username=bench` },
        servers: [floor],
      },
      {
        name: 'GET /v1/news through the gateway',
        target: { url: `${gateway.url}/v1/news`, headers: bench },
        servers: [gateway, news, users],
      },
    ])),
  ];

  say('  profiling copies of the gateway and the link service under GET /v1/links, then POST /v1/links');
  const getProfile = await profile(run, system, (url) => ({ url: `${url}/v1/links`, headers: bench }));
  const postProfile = await profile(run, system, (url) => ({
    url: `${url}/v1/links`,
    method: 'POST',
    next: addWith(posters),
  }));

  const { scaleUsers, linksPerUser } = run.options;
  const total = scaleUsers * linksPerUser;
  say(
    `  scale: bulk-loading ${((total - 1000) / 1000).toFixed(0)} 000 more links (${scaleUsers - 1} users × ${linksPerUser})`,
  );
  const others = Array.from({ length: scaleUsers - 1 }, (_, i) => `user${i}`);
  await bulkLoadLinks(run.databases[0].url, others, linksPerUser);
  const plan = await explainFirstPage(run.databases[0].url, 'bench');
  const scaleLarge = await measure(
    run,
    `scale: GET /links, 1 connection, ${total.toLocaleString('en')} links`,
    {
      url: `${links.url}/links?username=bench`,
    },
    1,
  );

  const batchSize = loadNewsServiceConfig({ SOCIAL_GRAPH_URL: 'http://unused' }).FAN_OUT_BATCH_SIZE;
  const fanOut: FanOutResult[] = [];
  for (const followers of run.options.fanOutFollowers) {
    say(`  fan-out of one event to ${followers.toLocaleString('en')} followers (batches of ${batchSize})`);
    fanOut.push(await measureFanOut(run.options.redisUrl, followers, batchSize));
  }
  return { rows, scaleSmall, scaleLarge, total, plan, fanOut, getProfile, postProfile };
}

function printReport(run: Run, results: Awaited<ReturnType<typeof measureAll>>): void {
  const { rows, scaleSmall, scaleLarge, total, plan, fanOut, getProfile, postProfile } = results;
  const { seconds, connections } = run.options;
  say('');
  say(formatTable(rows));
  const machineLoad = loadavg().map((value) => value.toFixed(1));
  say(
    `machine: ${machineLoad.join(' ')} load average (1, 5, 15 min) on ${availableParallelism()} cores at the end of the run`,
  );
  say(
    `scale: GET /links p50 with ${total.toLocaleString('en')} links ÷ with 1 000 (1 connection): ` +
      `${scaleLarge.p50.toFixed(2)} ms ÷ ${scaleSmall.p50.toFixed(2)} ms = ${(scaleLarge.p50 / scaleSmall.p50).toFixed(2)} (target ≤ 1.3)`,
  );
  say(`       plan: ${plan}`);
  const [first] = fanOut;
  for (const result of fanOut) {
    say(
      `fan-out of one event to ${result.followers.toLocaleString('en').padStart(7)} followers: ` +
        `${result.ms.toFixed(0).padStart(5)} ms, ${result.usPerFollower.toFixed(1)} µs per follower` +
        (result === first
          ? ' (target ≤ 10)'
          : `, ${(result.usPerFollower / first.usPerFollower).toFixed(2)} × the first's per follower`),
    );
  }
  for (const [name, summary] of [
    ['GET /v1/links', getProfile],
    ['POST /v1/links', postProfile],
  ] as const) {
    say(`where the time goes under ${name} (self time, idle excluded):`);
    say(
      `  gateway: ${summary.gateway.cpuUsPerRequest.toFixed(0)} µs CPU per request; ` +
        `by layer: ${formatShares(summary.gateway.layers)}`,
    );
    say(`    top functions: ${formatShares(summary.gateway.functions)}`);
    say(
      `  link service: ${summary.links.cpuUsPerRequest.toFixed(0)} µs CPU per request; ` +
        `by layer: ${formatShares(summary.links.layers)}`,
    );
    say(`    top functions: ${formatShares(summary.links.functions)}`);
  }
  say(
    `(÷ floor: requests/s of the row ÷ its floor's in the same round, median of ${run.options.rounds} rounds and their range; ` +
      `${connections} connections, ${seconds} s per row and round after ${run.options.warmupSeconds} s warm-up; latencies per response, pooled over the rounds)`,
  );
}

async function cleanUp(run: Run): Promise<void> {
  await stopAll(run.processes);
  for (const database of run.databases) await database.drop().catch(() => undefined);
  const redis = new Redis(run.options.redisUrl);
  const keys = await deleteKeys(redis, run.redisPrefix).catch(() => 0);
  redis.disconnect();
  const bus = new JetStreamEventBus({
    servers: run.options.natsUrl,
    namespace: run.natsNamespace,
    logger: (await import('pino')).default({ level: 'silent' }),
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

async function main(): Promise<void> {
  const id = randomBytes(4).toString('hex');
  const run: Run = {
    options: parseBenchOptions(process.argv.slice(2)),
    dir: mkdtempSync(join(tmpdir(), 'dlk-bench-')),
    databases: [],
    processes: [],
    redisPrefix: `bench-${id}:`,
    natsNamespace: `bench_${id}`,
  };
  let interrupted = false;
  process.once('SIGINT', () => {
    interrupted = true;
    say('interrupted: cleaning up');
    void cleanUp(run).finally(() => process.exit(130));
  });
  try {
    say('starting the system: each server in its own process');
    const system = await startSystem(run);
    printReport(run, await measureAll(run, system));
  } finally {
    if (!interrupted) await cleanUp(run);
  }
}

main().catch((error: unknown) => {
  console.error(`bench: ${(error as Error).message}`);
  process.exit(1);
});
