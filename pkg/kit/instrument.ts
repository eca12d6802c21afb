import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { loggingMiddleware } from './logging-middleware';
import { metricsMiddleware } from './metrics-middleware';
import { chain } from './middleware';
import { tracingMiddleware } from './tracing-middleware';

/** Which end of a call is observed: the service serving it, or a client making it. */
export type CallSide = 'server' | 'client';

/**
 * The standard middleware stack every service's main wraps around its service, and every
 * caller around the clients it calls (`side: 'client'`, named e.g. `link-service-client`).
 * A client logs its successful calls at debug only: the service called logs each at info,
 * with the same request id, and a second line per call cost a caller such as the gateway
 * a blocking write per backend call. Its failed calls stay at info or error.
 */
export function instrument<S extends object>(
  service: S,
  options: { name: string; logger: Logger; registry: Registry; side?: CallSide },
): S {
  const side = options.side ?? 'server';
  return chain(
    service,
    tracingMiddleware<S>(options.name, side),
    side === 'client'
      ? loggingMiddleware<S>(options.logger.child({ side, target: options.name }), 'debug')
      : loggingMiddleware<S>(options.logger),
    metricsMiddleware<S>(options.registry, options.name),
  );
}
