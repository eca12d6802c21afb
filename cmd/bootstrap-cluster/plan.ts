import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  ARGOCD_NAMESPACE,
  ENVIRONMENT,
  childApplications,
  renderChildApplications,
  renderProject,
  renderRootApplication,
  syncWaves,
  type ArgoObject,
  type ChildApplication,
  type Environment,
  type Source,
} from './argocd';
import { ARGO_CD_CHART, HELM_TIMEOUT, MONITORING_CHART, type PinnedChart } from './charts';
import { sensitive, type Arg, type Argv, type Sensitive } from './command-line';
import { isMinikube } from './context-guard';
import { APP_NAMESPACE, contractSecrets, type SecretSpec, type SecretValues } from './secrets';

/** One step of the bootstrap: a command, or two joined by a pipe. */
export interface Step {
  title: string;
  command: Argv;
  /** Gets the stdout of `command` on its stdin: a shell pipe, without a shell. */
  pipeTo?: Argv;
  /** Text given to `command` on its stdin (a manifest for `kubectl apply -f -`). */
  stdin?: Arg;
  /** When this command succeeds the step is skipped and reported as kept. */
  keepIf?: Argv;
  /** Set on the tool checks: where to get the tool when it is missing. */
  installHint?: string;
  /** Waits that take minutes print a dot now and then. */
  slow?: boolean;
  /** What the step leads to, printed under it in a dry run. */
  notes?: string[];
}

export const GATEWAY_DEPLOYMENT = 'api-gateway-service';
export const REPOSITORY_SECRET = 'delinkcious-repository';

/** What the plan is made of; everything it reads from outside was read before. */
export interface PlanInput {
  values: SecretValues;
  /** Every kubectl and helm command is pinned to this context (see context-guard.ts). */
  context: string;
  environment: Environment;
  repoRoot: string;
  /** Hand the cluster to Argo CD, following this repository; absent: the direct path. */
  gitops?: { source: Source; credential?: { username: string; token: Sensitive } };
}

const TOOL_HINTS = {
  kubectl: 'https://kubernetes.io/docs/tasks/tools/',
  helm: 'https://helm.sh/docs/intro/install/',
  minikube: 'https://minikube.sigs.k8s.io/docs/start/',
};

/** Pieces whose overlay holds no workload to wait for (the namespace and its rules). */
const WITHOUT_WORKLOAD = new Set(['platform']);

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
      [],
    ),
    {
      title: `creating namespace ${APP_NAMESPACE}`,
      command: kubectl('create', 'namespace', APP_NAMESPACE, '--dry-run=client', '-o', 'yaml'),
      pipeTo: kubectl('apply', '-f', '-'),
    },
    ...contractSecrets(input.values).map((secret) => secretStep(secret, kubectl)),
    ...(input.gitops ? gitopsSteps(input, input.gitops, kubectl) : directSteps(input, kubectl)),
  ];
}

type Kubectl = (...args: string[]) => string[];

function gitopsSteps(input: PlanInput, gitops: NonNullable<PlanInput['gitops']>, kubectl: Kubectl): Step[] {
  const root = renderRootApplication(gitops.source, input.environment);
  const apply = (title: string, manifest: Arg): Step => ({
    title,
    command: kubectl('apply', '-n', ARGOCD_NAMESPACE, '-f', '-'),
    stdin: manifest,
  });
  const steps: Step[] = [
    ...(gitops.credential ? [apply('creating the repository credential', repositorySecret(gitops))] : []),
    apply(
      `applying the Argo CD project (source ${gitops.source.repoUrl})`,
      stringify(renderProject(input.repoRoot, gitops.source)),
    ),
    {
      ...apply(
        `applying the root application ${root.metadata.name} (${gitops.source.repoUrl} at ${gitops.source.revision})`,
        stringify(root),
      ),
      notes: [
        `Argo CD then syncs the Applications of ${ENVIRONMENT[input.environment].apps}, wave by wave:`,
        ...renderChildApplications(input.repoRoot, gitops.source, input.environment)
          .sort((a, b) => waveOf(a) - waveOf(b))
          .map((app) => {
            const source = app.spec.source as { repoURL: string; targetRevision: string; path: string };
            return `  ${app.metadata.name} (wave ${waveOf(app)}): ${source.repoURL} ${source.targetRevision} ${source.path}`;
          }),
      ],
    },
  ];
  // Production syncs by hand: nothing becomes healthy until someone syncs it.
  if (!ENVIRONMENT[input.environment].automated) return steps;
  return [
    ...steps,
    {
      title: `waiting for Argo CD to report application ${root.metadata.name} Healthy (up to 15 min)`,
      command: kubectl(
        '-n',
        ARGOCD_NAMESPACE,
        'wait',
        `application/${root.metadata.name}`,
        '--for=jsonpath={.status.health.status}=Healthy',
        '--timeout=900s',
      ),
      slow: true,
    },
    rolloutStep(`deployment/${GATEWAY_DEPLOYMENT}`, kubectl),
  ];
}

const waveOf = (app: ArgoObject) => Number(app.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);

/** kubectl applies each piece of the overlay, wave by wave in Argo CD's order, and waits for each wave. */
function directSteps(input: PlanInput, kubectl: Kubectl): Step[] {
  return syncWaves(childApplications(input.repoRoot, input.environment)).flatMap((wave) => [
    ...wave.map((piece) => ({
      title: `wave ${piece.wave}: applying ${piece.path}`,
      command: kubectl('apply', '-k', piece.path),
    })),
    ...wave
      .flatMap((piece) => workloadsOf(input.repoRoot, piece))
      .map((workload) => rolloutStep(workload, kubectl)),
  ]);
}

/** A service's piece runs its Deployment; a store's its StatefulSet of the same name. */
export function workloadsOf(repoRoot: string, piece: ChildApplication): string[] {
  if (WITHOUT_WORKLOAD.has(piece.name)) return [];
  return [`${existsSync(join(repoRoot, 'svc', piece.name)) ? 'deployment' : 'statefulset'}/${piece.name}`];
}

function rolloutStep(workload: string, kubectl: Kubectl): Step {
  return {
    title: `waiting for ${workload} to roll out (up to 10 min)`,
    command: kubectl('-n', APP_NAMESPACE, 'rollout', 'status', workload, '--timeout=600s'),
    slow: true,
  };
}

/** Lets Argo CD read a private repository: a Secret it recognises by its label. */
function repositorySecret(gitops: NonNullable<PlanInput['gitops']>): Sensitive {
  const secret = (password: string) =>
    stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: REPOSITORY_SECRET,
        namespace: ARGOCD_NAMESPACE,
        labels: { 'argocd.argoproj.io/secret-type': 'repository' },
      },
      stringData: {
        type: 'git',
        url: gitops.source.repoUrl,
        username: gitops.credential!.username,
        password,
      },
    });
  return { real: secret(gitops.credential!.token.real), shown: secret(gitops.credential!.token.shown) };
}

function helmInstall(title: string, chart: PinnedChart, context: string, extra: string[]): Step {
  return {
    title: `${title} (${chart.chart} ${chart.version})`,
    command: [
      'helm',
      'upgrade',
      '--install',
      chart.release,
      chart.chart,
      '--kube-context',
      context,
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
