/**
 * What the optional components of k8s/components/ need in the cluster before Argo CD syncs
 * them, pinned like the charts in charts.ts: `bootstrap-cluster --with argo-rollouts,istio,cloudnative-pg,logging`.
 * The tracing collector and Jaeger need nothing here: they are pieces Argo CD deploys.
 */
import { stringify } from 'yaml';
import type { PinnedChart } from './charts';
import { helmInstall } from './helm-install';
import { renderLogging } from './logging';
import type { Kubectl, Step } from './step';

export const COMPONENTS = ['argo-rollouts', 'istio', 'cloudnative-pg', 'logging'] as const;
export type ComponentName = (typeof COMPONENTS)[number];

/** Argo Rollouts v1.8.3 (controller and CRDs): https://github.com/argoproj/argo-rollouts/releases */
export const ARGO_ROLLOUTS_MANIFEST =
  'https://github.com/argoproj/argo-rollouts/releases/download/v1.8.3/install.yaml';

/** CloudNativePG 1.30.0, the release whose CRDs the manifest tests validate against. */
export const CLOUDNATIVE_PG_MANIFEST =
  'https://raw.githubusercontent.com/cloudnative-pg/cloudnative-pg/release-1.30/releases/cnpg-1.30.0.yaml';

const ISTIO_VERSION = '1.27.1';
const istioChart = (chart: string, release: string): PinnedChart => ({
  repoName: 'istio',
  repoUrl: 'https://istio-release.storage.googleapis.com/charts',
  chart: `istio/${chart}`,
  version: ISTIO_VERSION,
  release,
  namespace: 'istio-system',
});
/** Istio's CRDs, its CNI node agent (sidecars without NET_ADMIN, so pods stay `restricted`), and istiod. */
export const ISTIO_CHARTS = [
  { chart: istioChart('base', 'istio-base'), values: [] },
  { chart: istioChart('cni', 'istio-cni'), values: [] },
  { chart: istioChart('istiod', 'istiod'), values: ['--set', 'pilot.cni.enabled=true'] },
];

/** The Grafana sidecar of kube-prometheus-stack also loads dashboards (k8s/base/dashboards) from here. */
export const MONITORING_VALUES = ['--set', 'grafana.sidecar.dashboards.searchNamespace=ALL'];

export class UnknownComponentError extends Error {}

/** `--with a,b`: the chosen components, each known. */
export function parseComponents(list: string | undefined): ComponentName[] {
  const names = (list ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(COMPONENTS as readonly string[]).includes(name));
  if (unknown.length)
    throw new UnknownComponentError(
      `unknown component ${unknown.join(', ')}: choose from ${COMPONENTS.join(', ')}`,
    );
  return [...new Set(names)] as ComponentName[];
}

const waitFor = (kubectl: Kubectl, namespace: string, deployment: string): Step => ({
  title: `waiting for deployment ${deployment} in ${namespace} (up to 5 min)`,
  command: kubectl('-n', namespace, 'rollout', 'status', `deployment/${deployment}`, '--timeout=300s'),
  slow: true,
});

interface ComponentInput {
  context: string;
  repoRoot: string;
  kubectl: Kubectl;
}

const STEPS: Record<ComponentName, (input: ComponentInput) => Step[]> = {
  'argo-rollouts': ({ kubectl }) => [
    {
      title: 'creating namespace argo-rollouts',
      command: kubectl('create', 'namespace', 'argo-rollouts', '--dry-run=client', '-o', 'yaml'),
      pipeTo: kubectl('apply', '-f', '-'),
    },
    {
      title: 'installing Argo Rollouts v1.8.3',
      command: kubectl('apply', '-n', 'argo-rollouts', '-f', ARGO_ROLLOUTS_MANIFEST),
    },
    waitFor(kubectl, 'argo-rollouts', 'argo-rollouts'),
  ],
  istio: ({ context }) => [
    {
      title: 'adding helm repository istio',
      command: ['helm', 'repo', 'add', 'istio', ISTIO_CHARTS[0].chart.repoUrl, '--force-update'],
    },
    ...ISTIO_CHARTS.map(({ chart, values }) =>
      helmInstall(`installing ${chart.release}`, chart, context, values),
    ),
  ],
  'cloudnative-pg': ({ kubectl }) => [
    {
      title: 'installing the CloudNativePG operator 1.30.0',
      // Server-side: its CRDs are too large for the last-applied annotation.
      command: kubectl('apply', '--server-side', '-f', CLOUDNATIVE_PG_MANIFEST),
    },
    waitFor(kubectl, 'cnpg-system', 'cnpg-controller-manager'),
  ],
  logging: ({ kubectl, repoRoot }) => [
    {
      title: 'applying the logging project and applications (Loki, Fluent Bit)',
      command: kubectl('apply', '-n', 'argocd', '-f', '-'),
      stdin: renderLogging(repoRoot)
        .map((object) => stringify(object))
        .join('---\n'),
    },
  ],
};

/** The install steps of the chosen components, in the order of COMPONENTS. */
export function componentSteps(
  chosen: readonly ComponentName[],
  input: { context: string; repoRoot: string },
): Step[] {
  const kubectl: Kubectl = (...args) => ['kubectl', '--context', input.context, ...args];
  return COMPONENTS.filter((name) => chosen.includes(name)).flatMap((name) =>
    STEPS[name]({ ...input, kubectl }),
  );
}
