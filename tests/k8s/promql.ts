import { readFileSync, readdirSync } from 'node:fs';
import { parser } from '@prometheus-io/lezer-promql';

/** Metric names the code registers with prom-client (`name: 'delinkcious_…'`). */
const REGISTERED = new Set(
  ['pkg', 'svc'].flatMap((root) =>
    readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) =>
        [...readFileSync(`${root}/${file}`, 'utf8').matchAll(/name: '(delinkcious_[a-z_]+)'/g)].map(
          (m) => m[1],
        ),
      ),
  ),
);
/** Series Prometheus makes itself for every target. */
const FROM_PROMETHEUS = new Set(['up']);

/** The metric names a PromQL expression selects, or the text of its first syntax error. */
export function metricsOf(expr: string): { metrics: string[]; error?: string } {
  const metrics: string[] = [];
  let error: string | undefined;
  parser.parse(expr).iterate({
    enter(node) {
      if (node.type.isError)
        error ??= `syntax error at ${node.from}: ${expr.slice(node.from, node.from + 20)}`;
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector')
        metrics.push(expr.slice(node.from, node.to));
    },
  });
  return { metrics, error };
}

/** Whether the code exports a metric; a histogram is exported as its _bucket, _count and _sum series. */
export const exported = (metric: string) =>
  FROM_PROMETHEUS.has(metric) || REGISTERED.has(metric.replace(/_(bucket|count|sum)$/, ''));

/** Problems of one expression: a syntax error, no metric at all, or metrics the code does not export. */
export function promqlProblems(expr: string): string[] {
  const { metrics, error } = metricsOf(expr);
  if (error) return [error];
  if (metrics.length === 0) return ['reads no metric'];
  return metrics.filter((metric) => !exported(metric)).map((metric) => `${metric} is not exported`);
}
