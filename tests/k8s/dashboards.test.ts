import { OVERLAYS, ofKind, renderOverlay } from './manifests';
import { exported, metricsOf, promqlProblems } from './promql';

interface Dashboard {
  uid: string;
  title: string;
  panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
}

describe.each(OVERLAYS)('dashboards and alerts of overlay %s', (overlay) => {
  const objects = renderOverlay(overlay);
  const dashboards = ofKind(objects, 'ConfigMap')
    .filter((map) => map.metadata.labels?.grafana_dashboard === '1')
    .flatMap((map) => Object.values(map.data ?? {}).map((json) => JSON.parse(json) as Dashboard));
  const alerts = ofKind(objects, 'PrometheusRule').flatMap((rule) =>
    (rule.spec as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> }).groups.flatMap(
      (group) => group.rules.map((r) => [`alert ${r.alert}`, r.expr]),
    ),
  );
  const panels = dashboards.flatMap((d) =>
    d.panels.flatMap((p) => p.targets.map((t) => [`${d.title} / ${p.title}`, t.expr])),
  );

  it('ships dashboards with unique uids, for the services, the events and the link checks', () => {
    expect(dashboards.map((d) => d.uid).sort()).toEqual(['delinkcious-events', 'delinkcious-services']);
    const queried = panels.map(([, expr]) => expr).join('\n');
    for (const metric of [
      'delinkcious_service_calls_total',
      'delinkcious_http_request_duration_seconds_bucket',
      'delinkcious_outbox_backlog',
      'delinkcious_event_consumer_pending',
      'delinkcious_link_checks_total',
    ])
      expect(queried).toContain(metric);
    expect(queried).toMatch(/method="handleLinkEvent"/);
  });

  it.each([...panels, ...alerts])(
    '%s parses as PromQL and reads only metrics the code exports',
    (_name, expr) => {
      expect(promqlProblems(expr)).toEqual([]);
    },
  );
});

describe('the PromQL check itself', () => {
  it('finds the metrics of a query and rejects a malformed one or an unknown metric', () => {
    expect(metricsOf('sum by (le) (rate(a_bucket{x="1"}[5m])) / on() b').metrics).toEqual(['a_bucket', 'b']);
    expect(metricsOf('sum(rate(delinkcious_outbox_backlog[5m]').error).toBeDefined();
    expect(promqlProblems('rate(delinkcious_no_such_metric[5m])')).toEqual([
      'delinkcious_no_such_metric is not exported',
    ]);
    expect(exported('delinkcious_service_call_duration_seconds_bucket')).toBe(true);
    expect(exported('delinkcious_no_such_metric')).toBe(false);
  });
});
