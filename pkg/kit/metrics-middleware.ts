import { Counter, Histogram, type Registry } from 'prom-client';
import { interceptMethods, observe, type Middleware } from './middleware';
import { outcomeOf } from './outcome';

/** Calls counter and duration histogram by method and outcome, for any service interface. */
export function metricsMiddleware<S extends object>(registry: Registry, service: string): Middleware<S> {
  const labelNames = ['service', 'method', 'outcome'] as const;
  // Several services (a caller's clients, say) share one registry and so these two metrics.
  const calls =
    (registry.getSingleMetric('delinkcious_service_calls_total') as Counter<
      'service' | 'method' | 'outcome'
    >) ??
    new Counter({
      name: 'delinkcious_service_calls_total',
      help: 'Service method calls by outcome (ok or error code).',
      labelNames,
      registers: [registry],
    });
  const duration =
    (registry.getSingleMetric('delinkcious_service_call_duration_seconds') as Histogram<
      'service' | 'method' | 'outcome'
    >) ??
    new Histogram({
      name: 'delinkcious_service_call_duration_seconds',
      help: 'Service method call duration in seconds.',
      labelNames,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
  // The labelled children of a method and outcome, looked up once rather than on every call.
  const children = new Map<string, { inc(): void; observe(seconds: number): void }>();
  const childrenOf = (method: string, outcome: string) => {
    const key = `${method} ${outcome}`;
    let child = children.get(key);
    if (child === undefined) {
      const labels = { service, method, outcome };
      const counted = calls.labels(labels);
      const timed = duration.labels(labels);
      child = { inc: () => counted.inc(), observe: (seconds) => timed.observe(seconds) };
      children.set(key, child);
    }
    return child;
  };
  return (next) =>
    interceptMethods(next, (method, invoke) => {
      const started = performance.now();
      return observe(invoke, (failure) => {
        const child = childrenOf(method, outcomeOf(failure));
        child.observe((performance.now() - started) / 1000);
        child.inc();
      });
    });
}
