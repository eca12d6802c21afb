import { Registry, collectDefaultMetrics } from 'prom-client';

/**
 * A registry per service (not prom-client's global one) so that several services can
 * share a process in the all-in-one mode and still each expose only their own series.
 */
export function createMetricsRegistry(service: string, withProcessMetrics = true): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (withProcessMetrics) collectDefaultMetrics({ register: registry });
  return registry;
}
