import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ArgoObject } from './argocd';

/**
 * The optional central logs (`--with logging`): the project and Applications of argocd/logging,
 * with the chart repositories and versions pinned here, as every chart of the bootstrap is
 * (charts.ts), so that no manifest of the repository holds a repoURL, a targetRevision or a
 * sourceRepos (tests/k8s/argocd.test.ts).
 */
export const LOGGING_DIR = 'argocd/logging';
const FILES = ['project.yaml', 'loki.yaml', 'fluent-bit.yaml'];

/** Each Application's chart, by its `spec.source.chart`. */
export const LOGGING_CHARTS: Record<string, { repoUrl: string; version: string }> = {
  /** grafana/loki 6.34.0 (Loki 3.5): https://github.com/grafana/loki/releases */
  loki: { repoUrl: 'https://grafana.github.io/helm-charts', version: '6.34.0' },
  /** fluent/fluent-bit 0.48.9: https://github.com/fluent/helm-charts/releases */
  'fluent-bit': { repoUrl: 'https://fluent.github.io/helm-charts', version: '0.48.9' },
};

/** The AppProject, allowing exactly the chart repositories, then each Application at its pinned chart. */
export function renderLogging(repoRoot: string): ArgoObject[] {
  const objects = FILES.map(
    (file) => parse(readFileSync(join(repoRoot, LOGGING_DIR, file), 'utf8')) as ArgoObject,
  );
  const sourceRepos = [...new Set(Object.values(LOGGING_CHARTS).map((chart) => chart.repoUrl))];
  return objects.map((object) => {
    if (object.kind === 'AppProject') return { ...object, spec: { ...object.spec, sourceRepos } };
    const source = object.spec.source as { chart: string };
    const chart = LOGGING_CHARTS[source.chart];
    if (!chart) throw new Error(`${LOGGING_DIR}: no pinned chart for ${source.chart}`);
    return {
      ...object,
      spec: { ...object.spec, source: { ...source, repoURL: chart.repoUrl, targetRevision: chart.version } },
    };
  });
}
