import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '../../..');

/**
 * In a node process of its own (jest's module registry is not node's), a server built by
 * createHttpServer with a zod-validated route: what it loaded, and that it still validates.
 */
const script = `
const { z } = require('zod');
const { createHttpServer, defineOperations, serveOperations } = require('./dist/pkg/kit');
const { createMetricsRegistry } = require('./dist/pkg/observability');
const pino = require('pino');
const operations = defineOperations({
  echo: {
    method: 'POST', path: '/echo', summary: 'Double a number',
    request: { in: 'body', schema: z.strictObject({ n: z.number().int() }) },
    response: z.object({ doubled: z.number() }), status: 200, idempotent: true,
  },
});
const app = createHttpServer({
  logger: pino({ level: 'silent' }),
  registry: createMetricsRegistry('compilers-test', false),
  readiness: {},
  routes: serveOperations(operations, { echo: async ({ n }) => ({ doubled: n * 2 }) }),
});
(async () => {
  const ok = await app.inject({ method: 'POST', url: '/echo', payload: { n: 2 } });
  const bad = await app.inject({ method: 'POST', url: '/echo', payload: { n: 'two' } });
  const loaded = Object.keys(require.cache).filter((path) => /node_modules\\/(ajv|@fastify\\/ajv-compiler|@fastify\\/fast-json-stringify-compiler)\\//.test(path));
  await app.close();
  process.stdout.write(JSON.stringify({ ok: [ok.statusCode, ok.json()], bad: bad.statusCode, loaded }));
})();
`;

describe('createHttpServer', () => {
  it('validates and serialises with zod without loading fastify’s default compilers (ajv, fast-json-stringify)', () => {
    const result = JSON.parse(
      execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' }),
    ) as {
      ok: [number, unknown];
      bad: number;
      loaded: string[];
    };
    expect(result.ok).toEqual([200, { doubled: 4 }]);
    expect(result.bad).toBe(400);
    expect(result.loaded).toEqual([]);
  });
});
