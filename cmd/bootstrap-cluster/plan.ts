import { ARGO_CD_CHART, HELM_TIMEOUT, MONITORING_CHART, type PinnedChart } from './charts';
import { sensitive, type Argv } from './command-line';
import { componentSteps, MONITORING_VALUES, type ComponentName } from './components';
import { APP_NAMESPACE, contractSecrets, type SecretSpec, type SecretValues } from './secrets';

/** One step of the bootstrap: a command, or two joined by a pipe. */
export interface Step {
  title: string;
  command: Argv;
  /** Gets the stdout of `command` on its stdin: a shell pipe, without a shell. */
  pipeTo?: Argv;
  /** When this command succeeds the step is skipped and reported as kept. */
  keepIf?: Argv;
  /** Set on the tool checks: where to get the tool when it is missing. */
  installHint?: string;
  /** Waits that take minutes print a dot now and then. */
  slow?: boolean;
}

export const ROOT_APPLICATION = 'delinkcious';
export const GATEWAY_DEPLOYMENT = 'api-gateway-service';

const TOOLS = [
  { argv: ['kubectl', 'version', '--client'], hint: 'https://kubernetes.io/docs/tasks/tools/' },
  { argv: ['helm', 'version', '--short'], hint: 'https://helm.sh/docs/intro/install/' },
  {
    argv: ['argocd', 'version', '--client', '--short'],
    hint: 'https://argo-cd.readthedocs.io/en/stable/cli_installation/',
  },
];

/** Everything `bootstrap-cluster` does, in order; the runner executes it, `--dry-run` prints it. */
export function buildPlan(values: SecretValues, components: readonly ComponentName[] = []): Step[] {
  return [
    ...TOOLS.map(({ argv, hint }) => ({ title: `checking ${argv[0]}`, command: argv, installHint: hint })),
    ...[ARGO_CD_CHART, MONITORING_CHART].map((chart) => ({
      title: `adding helm repository ${chart.repoName}`,
      command: ['helm', 'repo', 'add', chart.repoName, chart.repoUrl, '--force-update'],
    })),
    {
      title: 'updating helm repositories',
      command: ['helm', 'repo', 'update', ARGO_CD_CHART.repoName, MONITORING_CHART.repoName],
    },
    helmInstall('installing Argo CD', ARGO_CD_CHART, ['--values', 'argocd/helm-values.yaml']),
    helmInstall(
      'installing the monitoring stack (Prometheus operator CRDs)',
      MONITORING_CHART,
      MONITORING_VALUES,
    ),
    ...componentSteps(components),
    {
      title: `creating namespace ${APP_NAMESPACE}`,
      command: ['kubectl', 'create', 'namespace', APP_NAMESPACE, '--dry-run=client', '-o', 'yaml'],
      pipeTo: ['kubectl', 'apply', '-f', '-'],
    },
    ...contractSecrets(values).map(secretStep),
    {
      title: 'applying the Argo CD project',
      command: ['kubectl', 'apply', '-n', 'argocd', '-f', 'argocd/project.yaml'],
    },
    {
      title: 'applying the root application',
      command: ['kubectl', 'apply', '-n', 'argocd', '-f', 'argocd/root-application.yaml'],
    },
    {
      title: `waiting for Argo CD to report application ${ROOT_APPLICATION} Healthy (up to 15 min)`,
      command: [
        'kubectl',
        '-n',
        'argocd',
        'wait',
        `application/${ROOT_APPLICATION}`,
        '--for=jsonpath={.status.health.status}=Healthy',
        '--timeout=900s',
      ],
      slow: true,
    },
    {
      title: `waiting for deployment ${GATEWAY_DEPLOYMENT} to roll out (up to 10 min)`,
      command: [
        'kubectl',
        '-n',
        APP_NAMESPACE,
        'rollout',
        'status',
        `deployment/${GATEWAY_DEPLOYMENT}`,
        '--timeout=600s',
      ],
      slow: true,
    },
  ];
}

export function helmInstall(title: string, chart: PinnedChart, extra: string[]): Step {
  return {
    title: `${title} (${chart.chart} ${chart.version})`,
    command: [
      'helm',
      'upgrade',
      '--install',
      chart.release,
      chart.chart,
      '--namespace',
      chart.namespace,
      '--create-namespace',
      '--version',
      chart.version,
      ...extra,
      '--wait',
      '--timeout',
      HELM_TIMEOUT,
    ],
    slow: true,
  };
}

/** `kubectl create --dry-run | kubectl apply` creates or updates; `keepIf` protects what exists. */
function secretStep(secret: SecretSpec): Step {
  return {
    title: `creating secret ${secret.name}`,
    keepIf: secret.keepWhenAllExist.length
      ? ['kubectl', 'get', 'secret', ...secret.keepWhenAllExist, '-n', APP_NAMESPACE]
      : undefined,
    command: [
      'kubectl',
      'create',
      'secret',
      'generic',
      secret.name,
      '-n',
      APP_NAMESPACE,
      ...secret.literals.map(({ key, value }) => sensitive`--from-literal=${key}=${value}`),
      '--dry-run=client',
      '-o',
      'yaml',
    ],
    pipeTo: ['kubectl', 'apply', '-f', '-'],
  };
}
