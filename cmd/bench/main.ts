/**
 * `npm run bench`: what each layer costs, measured side by side in one run against the
 * local Postgres (its own database, dropped at the end). It compares
 *   (i)   a bare fastify route running the same SQL as GET /links (the floor),
 *   (ii)  GET /links on the link service,
 *   (iii) GET /v1/links through the gateway with a session,
 *   (iv)  POST /v1/links through the gateway,
 * and prints requests/s, p50 and p99 latency, and each one's cost relative to (i).
 */
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { Client, Pool } from 'pg';
import pino from 'pino';
import { loadApiGatewayConfig } from '../../svc/api-gateway-service/config';
import { createApiGatewayService } from '../../svc/api-gateway-service/server';
import { loadLinkServiceConfig } from '../../svc/link-service/config';
import { createLinkService } from '../../svc/link-service/server';
import { loadUserServiceConfig } from '../../svc/user-service/config';
import { createUserService } from '../../svc/user-service/server';

const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 10;

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function measure(name: string, options: autocannon.Options): Promise<Row> {
  process.stdout.write(`  measuring ${name} for ${DURATION_S} s …\n`);
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION_S, ...options });
  return {
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

function printTable(rows: Row[]): void {
  const floor = rows[0].rps;
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(44) : cell.padStart(10))).join('');
  process.stdout.write(`\n${line(['', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'cost ×'])}\n`);
  for (const row of rows) {
    process.stdout.write(
      `${line([row.name, row.rps.toFixed(0), String(row.p50), String(row.p99), String(row.errors), (floor / row.rps).toFixed(2)])}\n`,
    );
  }
  process.stdout.write(
    `\n(cost × = requests/s of (i) divided by this row's; ${CONNECTIONS} connections, ${DURATION_S} s each)\n`,
  );
}

async function main(): Promise<void> {
  const name = `dlk_bench_${randomBytes(4).toString('hex')}`;
  const url = Object.assign(new URL(ADMIN_URL), { pathname: `/${name}` }).toString();
  const quiet = pino({ level: 'silent' });
  process.stdout.write(`creating database ${name}\n`);
  await admin(`CREATE DATABASE ${name}`);
  const cleanups: Array<() => Promise<unknown>> = [
    () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  ];
  try {
    const links = await createLinkService(
      loadLinkServiceConfig({ PORT: '0', DATABASE_URL: url, MAX_LINKS_PER_USER: '10000000' }),
      quiet,
    );
    cleanups.unshift(links.stop);
    const linkUrl = await links.app.listen({ port: 0, host: '127.0.0.1' });
    const users = await createUserService(loadUserServiceConfig({ PORT: '0', DATABASE_URL: url }), quiet);
    cleanups.unshift(users.stop);
    const userUrl = await users.app.listen({ port: 0, host: '127.0.0.1' });
    const gateway = await createApiGatewayService(
      loadApiGatewayConfig({
        PORT: '0',
        LINK_SERVICE_URL: linkUrl,
        USER_SERVICE_URL: userUrl,
        DEV_LOGIN_ENABLED: 'true',
        RATE_LIMIT_PER_MINUTE: '100000000',
      }),
      quiet,
    );
    cleanups.unshift(gateway.stop);
    const gatewayUrl = await gateway.app.listen({ port: 0, host: '127.0.0.1' });

    process.stdout.write('seeding 50 links for user "bench"\n');
    const login = await fetch(`${gatewayUrl}/v1/dev/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench', email: 'bench@example.com' }),
    });
    const { session } = (await login.json()) as { session: string };
    const auth = { authorization: `Bearer ${session}`, 'content-type': 'application/json' };
    for (let i = 0; i < 50; i++) {
      await fetch(`${gatewayUrl}/v1/links`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ url: `https://seed.example/${i}`, title: `seed ${i}`, tags: ['bench'] }),
      });
    }

    // (i) the floor: the link service's own query, straight from a route.
    const pool = new Pool({ connectionString: url, max: 10 });
    cleanups.unshift(() => pool.end());
    const bare = Fastify();
    bare.get('/links', async () => {
      const { rows } = await pool.query(
        `SELECT id, url, title, description, tags, status, created_at, updated_at FROM links
         WHERE username = $1 ORDER BY id DESC LIMIT $2`,
        ['bench', 11],
      );
      return { links: rows.slice(0, 10), nextPageToken: '' };
    });
    cleanups.unshift(() => bare.close());
    const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });

    let counter = 0;
    const rows = [
      await measure('(i)   bare fastify + the same SQL', { url: `${bareUrl}/links` }),
      await measure('(ii)  GET /links on the link service', { url: `${linkUrl}/links?username=bench` }),
      await measure('(iii) GET /v1/links via gateway (auth)', {
        url: `${gatewayUrl}/v1/links`,
        headers: auth,
      }),
      await measure('(iv)  POST /v1/links via gateway (auth)', {
        url: `${gatewayUrl}/v1/links`,
        method: 'POST',
        headers: auth,
        setupClient: (client) => {
          client.setBody(JSON.stringify({ url: `https://bench.example/${counter++}`, title: 'bench' }));
        },
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => ({
              ...request,
              body: JSON.stringify({ url: `https://bench.example/${counter++}`, title: 'bench' }),
            }),
          },
        ],
      }),
    ];
    printTable(rows);
  } finally {
    for (const cleanup of cleanups) await cleanup();
    process.stdout.write(`dropped database ${name}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(`bench: ${(error as Error).message}`);
  process.exit(1);
});
