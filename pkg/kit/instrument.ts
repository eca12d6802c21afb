import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { loggingMiddleware } from './logging-middleware';
import { metricsMiddleware } from './metrics-middleware';
import { chain } from './middleware';
import { tracingMiddleware } from './tracing-middleware';

/** The standard middleware stack every service's main wraps around its service. */
export function instrument<S extends object>(
  service: S,
  options: { name: string; logger: Logger; registry: Registry },
): S {
  return chain(
    service,
    tracingMiddleware<S>(options.name),
    loggingMiddleware<S>(options.logger),
    metricsMiddleware<S>(options.registry, options.name),
  );
}
