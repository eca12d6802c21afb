import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { errorBody } from '../../error-codes';

/** A dependency check for `/readyz`: resolves when the dependency is reachable. */
export type ReadinessChecks = Record<string, () => Promise<unknown>>;

const CHECK_TIMEOUT_MS = 2000;

async function runCheck(check: () => Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'ok';
  } catch (error) {
    return `failed: ${(error as Error).message}`;
  } finally {
    clearTimeout(timer);
  }
}

/** `/healthz` (the process is alive), `/readyz` (its dependencies answer), `/metrics` (Prometheus). */
export function registerAdminRoutes(
  app: FastifyInstance,
  registry: Registry,
  readiness: ReadinessChecks,
): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const names = Object.keys(readiness);
    const results = await Promise.all(names.map((name) => runCheck(readiness[name])));
    const checks = Object.fromEntries(names.map((name, i) => [name, results[i]]));
    const failed = names.filter((_, i) => results[i] !== 'ok');
    if (failed.length === 0) return { status: 'ready', checks };
    return reply.code(503).send({ ...errorBody('UNAVAILABLE', `not ready: ${failed.join(', ')}`), checks });
  });

  app.get('/metrics', async (_request, reply) => {
    const text = await registry.metrics();
    return reply.type(registry.contentType).send(text);
  });
}
