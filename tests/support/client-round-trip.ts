import type { FastifyInstance } from 'fastify';
import { createHttpServer, type MountableRoute } from '../../pkg/kit';
import { ERROR_CODES, errorFromCode, type ErrorCode } from '../../pkg/object-model';
import { createMetricsRegistry } from '../../pkg/observability';
import { testLogger } from './silent-logger';

/** A service of any interface whose every method fails with the domain error of `code`. */
export function failingService<S extends object>(code: ErrorCode): S {
  return new Proxy({} as S, {
    get: () => async () => {
      throw errorFromCode(code, `failed with ${code}`);
    },
  });
}

/** Serves routes on loopback, as the service's real transport does. */
export async function serveRoutes(
  routes: MountableRoute[],
): Promise<{ app: FastifyInstance; baseUrl: string }> {
  const app = createHttpServer({
    logger: testLogger(),
    registry: createMetricsRegistry('round-trip', false),
    readiness: {},
    routes,
  });
  return { app, baseUrl: await app.listen({ port: 0, host: '127.0.0.1' }) };
}

/**
 * Every domain error a service throws comes back from its client as the same class,
 * code and message (INTERNAL without its message), for each of the client's calls.
 */
export function describeErrorRoundTrip<S extends object, C>(
  name: string,
  routesFor: (service: S) => MountableRoute[],
  clientFor: (baseUrl: string) => C,
  calls: Record<string, (client: C) => Promise<unknown>>,
): void {
  describe(`${name}: every error class over real HTTP`, () => {
    it.each(ERROR_CODES.map((code) => [code]))('%s', async (code) => {
      const { app, baseUrl } = await serveRoutes(routesFor(failingService<S>(code)));
      try {
        const client = clientFor(baseUrl);
        const expected = errorFromCode(code, '');
        for (const call of Object.values(calls)) {
          const result = call(client);
          await expect(result).rejects.toBeInstanceOf(expected.constructor);
          await expect(result).rejects.toMatchObject({
            code,
            message: code === 'INTERNAL' ? 'internal error' : `failed with ${code}`,
          });
        }
      } finally {
        await app.close();
      }
    });
  });
}
