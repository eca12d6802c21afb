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
import { availableParallelism, loadavg } from 'node:os';
import { loadNewsServiceConfig } from '../../svc/news-service/config';
import { formatShares } from './cpu-profile';
import type { GatewayCredentials } from './credentials';
import { measureFanOut, type FanOutResult } from './fanout';
import { load, type LoadTarget } from './load';
import { parseBenchOptions } from './options';
import { bulkLoadLinks, explainFirstPage } from './postgres';
import { profile } from './profile';
import { formatTable } from './report';
import { measureGroup, type Contender } from './rounds';
import { cleanUp, login, newRun, say, seedFeed, startSystem, type Run, type System } from './system';

let unique = 0;
/** Adds rotate over POSTERS users, as adds from many users would arrive (one user's adds queue on its lock). */
const POSTERS = 50;
const posterNames = (prefix: string) => Array.from({ length: POSTERS }, (_, i) => `${prefix}${i}`);

/**
 * A new link per request, for one of `usernames` in the body (the link service, the floor);
 * with `credentials`, the call carries what the gateway would send for that user.
 */
const addAs = (usernames: string[], credentials?: GatewayCredentials) => () => {
  const n = unique++;
  const username = usernames[n % usernames.length];
  return {
    body: JSON.stringify({ username, url: `https://bench.example/${n}`, title: 'bench' }),
    headers: credentials?.for(username),
  };
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

async function measureAll(run: Run, system: System) {
  const { floor, links, users, news, gateway, gatewayCredentials } = system;
  say('seeding: 1 000 links of user "bench" (generate_series), 30 news events in its feed');
  await bulkLoadLinks(run.databases[0].url, ['bench'], 1000);
  await seedFeed(run, 'bench');
  const bench = await login(gateway.url, 'bench');
  const posters: Record<string, string>[] = [];
  for (const name of posterNames('poster')) posters.push(await login(gateway.url, name));
  // The link service is called as the gateway calls it: caller token and user proof. Its
  // floor gets the same requests, headers included (it ignores them), so the load generator
  // does the same work for both and only the server side differs.
  await gatewayCredentials.prepare(['bench', ...posterNames('link-poster'), ...posterNames('floor-poster')]);
  const asGatewayFor = (username: string) => () => gatewayCredentials.for(username);

  say('measuring (each server in its own process; this process only generates load):');
  const scaleSmall = await measure(
    run,
    'scale: GET /links, 1 connection, 1 000 links in the table',
    { url: `${links.url}/links?username=bench`, headersNow: asGatewayFor('bench') },
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
        target: { url: `${floor.url}/links?username=bench`, headersNow: asGatewayFor('bench') },
        servers: [floor],
      },
      {
        name: 'GET /links on the link service',
        goal: '≥ 0.85',
        target: { url: `${links.url}/links?username=bench`, headersNow: asGatewayFor('bench') },
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
        target: {
          url: `${floor.url}/links`,
          method: 'POST',
          next: addAs(posterNames('floor-poster'), gatewayCredentials),
        },
        servers: [floor],
      },
      {
        name: 'POST /links on the link service',
        target: {
          url: `${links.url}/links`,
          method: 'POST',
          next: addAs(posterNames('link-poster'), gatewayCredentials),
        },
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
        name: "floor: bare fastify + the feed store's read",
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
    { url: `${links.url}/links?username=bench`, headersNow: asGatewayFor('bench') },
    1,
  );

  gatewayCredentials.stop();
  const batchSize = loadNewsServiceConfig({
    SOCIAL_GRAPH_URL: 'http://unused',
    // Read only for its default batch size: no call is made, so no caller tokens.
    CALLER_AUTH_DISABLED: 'true',
  }).FAN_OUT_BATCH_SIZE;
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

async function main(): Promise<void> {
  const run = newRun(parseBenchOptions(process.argv.slice(2)), randomBytes(4).toString('hex'));
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
