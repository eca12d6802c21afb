import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:http2';
import Fastify, { type FastifyInstance } from 'fastify';
import { Client, Pool, type Dispatcher } from 'undici';

/**
 * `npm run bench:transport`: what one service-to-service call costs on each transport the
 * gateway could use to reach the link service: HTTP/1.1 on a keep-alive pool (what it
 * uses) or HTTP/2 without TLS (h2c), every call multiplexed on one connection, by undici
 * or by node's own http2 client (which @grpc/grpc-js is built on). A fastify
 * server answering a page of ten links and an undici client run in processes of their own;
 * each round times REQUESTS calls, 10 at a time, after a warm-up, and reports calls/s and
 * the CPU time (user + system) each side spent per call. Transports alternate, 3 rounds.
 * Prints figures; asserts nothing about speed.
 */
const REQUESTS = Number(process.env.REQUESTS ?? 20_000);
const WARM_UP = 2_000;
const CONCURRENCY = 10;
const ROUNDS = 3;
const PATH = '/links?username=bench';
type Transport = 'h1' | 'h2c' | 'h2c-node';
const TRANSPORTS: Transport[] = ['h1', 'h2c', 'h2c-node'];

/** What the link service answers for a page: ten links. */
function page() {
  const at = new Date().toISOString();
  return {
    links: Array.from({ length: 10 }, (_, i) => ({
      url: `https://bench.example/${i}`,
      title: `link ${i}`,
      description: '',
      tags: ['bench', 'k8s'],
      status: 'pending',
      private: false,
      createdAt: at,
      updatedAt: at,
    })),
    nextPageToken: '',
  };
}

const cpuMsNow = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function serve(transport: Transport): Promise<void> {
  const app = (transport === 'h1' ? Fastify() : Fastify({ http2: true })) as FastifyInstance;
  const body = page();
  app.get('/links', async () => body);
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.on('message', () => process.send!({ cpuMs: cpuMsNow() }));
  process.send!({ port: (app.server.address() as { port: number }).port });
}

/** HTTP/2 by prior knowledge, without TLS (undici 7.30's `useH2c`, not in its typings yet). */
const h2cOptions = { allowH2: true, useH2c: true, pipelining: 100 } as unknown as Client.Options;

/** One call on `transport`: undici's pool (HTTP/1.1) or client (h2c), or node's own http2 session. */
function caller(
  transport: Transport,
  port: number,
): { get(headers: Record<string, string>): Promise<string>; close(): Promise<void> } {
  const origin = `http://127.0.0.1:${port}`;
  if (transport === 'h2c-node') {
    const session = connect(origin);
    return {
      get: (headers) =>
        new Promise((resolve, reject) => {
          const stream = session.request({ ':method': 'GET', ':path': PATH, ...headers });
          let text = '';
          stream.setEncoding('utf8');
          stream.on('data', (chunk: string) => (text += chunk));
          stream.on('end', () => resolve(text));
          stream.on('error', reject);
        }),
      close: () => new Promise((resolve) => session.close(() => resolve())),
    };
  }
  // h2c needs a Client: one connection that every call shares (undici's Pool would speak HTTP/1.1).
  const dispatcher: Dispatcher = transport === 'h2c' ? new Client(origin, h2cOptions) : new Pool(origin);
  return {
    get: async (headers) => (await dispatcher.request({ method: 'GET', path: PATH, headers })).body.text(),
    close: () => dispatcher.close(),
  };
}

async function call(transport: Transport, port: number): Promise<void> {
  const link = caller(transport, port);
  // The headers the gateway sends: a caller token and a user proof (a JWT).
  const headers = {
    accept: 'application/json',
    'x-caller-token': 'c'.repeat(43),
    'x-user-proof': 'p'.repeat(320),
  };
  const run = async (count: number) => {
    let left = count;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (left-- > 0) JSON.parse(await link.get(headers));
      }),
    );
  };
  await run(WARM_UP);
  const cpuBefore = cpuMsNow();
  const started = performance.now();
  await run(REQUESTS);
  process.send!({ ms: performance.now() - started, cpuMs: cpuMsNow() - cpuBefore });
  await link.close();
}

const reply = async <T>(child: ChildProcess): Promise<T> => ((await once(child, 'message')) as [T])[0];

async function measure(transport: Transport) {
  const server = fork(__filename, ['serve', transport]);
  try {
    const { port } = await reply<{ port: number }>(server);
    const client = fork(__filename, ['call', transport, String(port)]);
    const serverCpu = async () => {
      server.send('cpu');
      return (await reply<{ cpuMs: number }>(server)).cpuMs;
    };
    const before = await serverCpu();
    const { ms, cpuMs } = await reply<{ ms: number; cpuMs: number }>(client);
    const serverMs = (await serverCpu()) - before;
    await once(client, 'exit');
    // The server's figure includes the warm-up's calls, so it is divided by them too.
    return {
      rps: (REQUESTS / ms) * 1000,
      clientUs: (cpuMs * 1000) / REQUESTS,
      serverUs: (serverMs * 1000) / (REQUESTS + WARM_UP),
    };
  } finally {
    server.kill();
  }
}

async function main(): Promise<void> {
  console.log(
    `${REQUESTS} calls per round, ${CONCURRENCY} at a time, after ${WARM_UP} unmeasured; ${ROUNDS} rounds`,
  );
  console.log('transport   calls/s   client CPU µs/call   server CPU µs/call');
  for (let round = 0; round < ROUNDS; round++) {
    for (const transport of TRANSPORTS) {
      const { rps, clientUs, serverUs } = await measure(transport);
      console.log(
        `${transport.padEnd(9)} ${rps.toFixed(0).padStart(9)} ${clientUs.toFixed(0).padStart(20)} ${serverUs.toFixed(0).padStart(20)}`,
      );
    }
  }
}

const [role, transport, port] = process.argv.slice(2);
const work =
  role === 'serve'
    ? serve(transport as Transport)
    : role === 'call'
      ? call(transport as Transport, Number(port))
      : main();
work.catch((error: unknown) => {
  console.error(`bench-transport: ${(error as Error).message}`);
  process.exit(1);
});
