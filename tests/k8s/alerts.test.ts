import { readFileSync, readdirSync } from 'node:fs';
import { OVERLAYS, ofKind, renderOverlay } from './manifests';

interface AlertRule {
  alert: string;
  expr: string;
  for: string;
  labels: { severity: string };
  annotations: { summary: string };
}

/** Metric names the code registers with prom-client (`name: 'delinkcious_…'`). */
const REGISTERED = new Set(
  readdirSync('pkg', { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .flatMap((file) =>
      [...readFileSync(`pkg/${file}`, 'utf8').matchAll(/name: '(delinkcious_[a-z_]+)'/g)].map((m) => m[1]),
    ),
);

describe.each(OVERLAYS)('alerts of overlay %s', (overlay) => {
  const objects = renderOverlay(overlay);
  const rules = ofKind(objects, 'PrometheusRule').flatMap((rule) =>
    (rule.spec as { groups: Array<{ rules: AlertRule[] }> }).groups.flatMap((g) => g.rules),
  );

  it('cover error rate, latency, outbox backlog and consumer lag', () => {
    const names = rules.map((r) => r.alert);
    expect(names).toEqual(
      expect.arrayContaining([
        'LinkServiceErrorRate',
        'ApiGatewayServiceLatency',
        'LinkOutboxBacklog',
        'NewsServiceConsumerLag',
      ]),
    );
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(rules.map((r) => [r.alert, r]))(
    '%s reads metrics the code exports, and says how bad and why',
    (_name, rule) => {
      const metrics = [...rule.expr.matchAll(/\b(delinkcious_[a-z_]+)/g)].map((m) =>
        m[1].replace(/_(bucket|count|sum)$/, ''),
      );
      for (const metric of metrics) expect([metric, REGISTERED.has(metric)]).toEqual([metric, true]);
      expect(['critical', 'warning']).toContain(rule.labels.severity);
      expect(rule.annotations.summary.length).toBeGreaterThan(10);
      expect(rule.for).toMatch(/^\d+m$/);
      // `up` is per scrape job: a ServiceMonitor names its job after the Service it scrapes.
      for (const [, job] of rule.expr.matchAll(/up\{job="([^"]+)"\}/g))
        expect(ofKind(objects, 'ServiceMonitor').map((m) => m.metadata.name)).toContain(job);
    },
  );
});
