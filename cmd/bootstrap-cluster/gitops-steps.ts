import { stringify } from 'yaml';
import {
  ARGOCD_NAMESPACE,
  ENVIRONMENT,
  renderChildApplications,
  renderProject,
  renderRootApplication,
  waveOf,
  type Environment,
  type Source,
} from './argocd';
import type { Arg, Sensitive } from './command-line';
import { rolloutStep, type Kubectl, type Step } from './step';

export const GATEWAY_DEPLOYMENT = 'api-gateway-service';
export const REPOSITORY_SECRET = 'delinkcious-repository';

/** Argo CD follows this repository at this revision; with a credential when it is private. */
export interface Gitops {
  source: Source;
  credential?: { username: string; token: Sensitive };
}

/**
 * The Argo CD path: the repository credential, the project and the root application; then,
 * where it syncs itself (minikube), waiting until Argo CD reports the root healthy.
 */
export function gitopsSteps(
  input: { repoRoot: string; environment: Environment },
  gitops: Gitops,
  kubectl: Kubectl,
): Step[] {
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

/** Lets Argo CD read a private repository: a Secret it recognises by its label. */
function repositorySecret(gitops: Gitops): Sensitive {
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
