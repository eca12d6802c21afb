import type { Environment } from './argocd';
import { ARGO_CD_CHART, MONITORING_CHART } from './charts';
import { sensitive } from './command-line';
import { componentSteps, MONITORING_VALUES, type ComponentName } from './components';
import { isMinikube } from './context-guard';
import { directSteps } from './direct-steps';
import { gitopsSteps, type Gitops } from './gitops-steps';
import { helmInstall } from './helm-install';
import { APP_NAMESPACE, contractSecrets, type SecretSpec, type SecretValues } from './secrets';
import type { Kubectl, Step } from './step';

export type { Step } from './step';

/** What the plan is made of; everything it reads from outside was read before. */
export interface PlanInput {
  values: SecretValues;
  /** Every kubectl and helm command is pinned to this context (see context-guard.ts). */
  context: string;
  environment: Environment;
  repoRoot: string;
  /** Hand the cluster to Argo CD, following this repository; absent: the direct path. */
  gitops?: Gitops;
  /** Optional components whose prerequisites to install (components.ts). */
  components?: readonly ComponentName[];
}

const TOOL_HINTS = {
  kubectl: 'https://kubernetes.io/docs/tasks/tools/',
  helm: 'https://helm.sh/docs/intro/install/',
  minikube: 'https://minikube.sigs.k8s.io/docs/start/',
};

/**
 * Everything `bootstrap-cluster` does, in order; the runner executes it, `--dry-run` prints it.
 * Both paths share the first part (tools, addons, charts, namespace, Secrets); then Argo CD
 * takes over, or kubectl applies the pieces in Argo CD's sync waves, waiting for each wave.
 */
export function buildPlan(input: PlanInput): Step[] {
  const kubectl = (...args: string[]) => ['kubectl', '--context', input.context, ...args];
  const minikube = isMinikube(input.context);
  const tools: (keyof typeof TOOL_HINTS)[] = ['kubectl', 'helm', ...(minikube ? ['minikube' as const] : [])];
  const charts = input.gitops ? [ARGO_CD_CHART, MONITORING_CHART] : [MONITORING_CHART];
  return [
    ...tools.map((tool) => ({
      title: `checking ${tool}`,
      command: tool === 'kubectl' ? ['kubectl', 'version', '--client'] : [tool, 'version', '--short'],
      installHint: TOOL_HINTS[tool],
    })),
    // kubectl top and the HorizontalPodAutoscalers need metrics-server; the Ingress needs a controller.
    ...(minikube
      ? ['metrics-server', 'ingress'].map((addon) => ({
          title: `enabling the minikube addon ${addon}`,
          command: ['minikube', '--profile', input.context, 'addons', 'enable', addon],
        }))
      : []),
    ...charts.map((chart) => ({
      title: `adding helm repository ${chart.repoName}`,
      command: ['helm', 'repo', 'add', chart.repoName, chart.repoUrl, '--force-update'],
    })),
    {
      title: 'updating helm repositories',
      command: ['helm', 'repo', 'update', ...charts.map((chart) => chart.repoName)],
    },
    ...(input.gitops
      ? [
          helmInstall('installing Argo CD', ARGO_CD_CHART, input.context, [
            '--values',
            'argocd/helm-values.yaml',
          ]),
        ]
      : []),
    helmInstall(
      'installing the monitoring stack (Prometheus operator CRDs)',
      MONITORING_CHART,
      input.context,
      MONITORING_VALUES,
    ),
    ...componentSteps(input.components ?? [], input),
    {
      title: `creating namespace ${APP_NAMESPACE}`,
      command: kubectl('create', 'namespace', APP_NAMESPACE, '--dry-run=client', '-o', 'yaml'),
      pipeTo: kubectl('apply', '-f', '-'),
    },
    ...contractSecrets(input.values).map((secret) => secretStep(secret, kubectl)),
    ...(input.gitops ? gitopsSteps(input, input.gitops, kubectl) : directSteps(input, kubectl)),
  ];
}

/** `kubectl create --dry-run | kubectl apply` creates or updates; `keepIf` protects what exists. */
function secretStep(secret: SecretSpec, kubectl: Kubectl): Step {
  return {
    title: `creating secret ${secret.name}`,
    keepIf: secret.keepWhenAllExist.length
      ? kubectl('get', 'secret', ...secret.keepWhenAllExist, '-n', APP_NAMESPACE)
      : undefined,
    command: [
      ...kubectl('create', 'secret', 'generic', secret.name, '-n', APP_NAMESPACE),
      ...secret.literals.map(({ key, value }) => sensitive`--from-literal=${key}=${value}`),
      '--dry-run=client',
      '-o',
      'yaml',
    ],
    pipeTo: kubectl('apply', '-f', '-'),
  };
}
