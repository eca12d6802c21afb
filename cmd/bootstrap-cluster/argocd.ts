import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * The Argo CD objects of one environment, rendered from the files of argocd/ and the one
 * repository and revision given to the bootstrap: no file in the repository names them.
 */
export interface Source {
  repoUrl: string;
  revision: string;
}

export const ENVIRONMENTS = ['minikube', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

interface EnvironmentSpec {
  /** The root Application (app of apps). */
  root: string;
  /** The kustomization of its child Applications. */
  apps: string;
  /** minikube follows the branch at once; production waits for someone to press Sync. */
  automated: boolean;
}

export const ENVIRONMENT: Record<Environment, EnvironmentSpec> = {
  minikube: { root: 'delinkcious', apps: 'argocd/apps', automated: true },
  production: { root: 'delinkcious-production', apps: 'argocd/production', automated: false },
};

export const ARGOCD_NAMESPACE = 'argocd';
export const PROJECT_FILE = 'argocd/project.yaml';
const IN_CLUSTER = 'https://kubernetes.default.svc';
const WAVE = 'argocd.argoproj.io/sync-wave';

export interface ArgoObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  spec: Record<string, unknown>;
}

export interface ChildApplication {
  name: string;
  wave: number;
  path: string;
}

/** The AppProject of argocd/project.yaml, allowing exactly the one source repository. */
export function renderProject(repoRoot: string, source: Source): ArgoObject {
  const project = parse(readFileSync(join(repoRoot, PROJECT_FILE), 'utf8')) as ArgoObject;
  return { ...project, spec: { ...project.spec, sourceRepos: [source.repoUrl] } };
}

/**
 * The root Application: it syncs the environment's kustomization of child Applications, and
 * its kustomize patches give every child the same repository and revision as itself.
 */
export function renderRootApplication(source: Source, environment: Environment): ArgoObject {
  const spec = ENVIRONMENT[environment];
  const sourcePatch = [
    { op: 'add', path: '/spec/source/repoURL', value: source.repoUrl },
    { op: 'add', path: '/spec/source/targetRevision', value: source.revision },
  ];
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: spec.root,
      namespace: ARGOCD_NAMESPACE,
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      project: 'delinkcious',
      source: {
        repoURL: source.repoUrl,
        targetRevision: source.revision,
        path: spec.apps,
        kustomize: { patches: [{ target: { kind: 'Application' }, patch: JSON.stringify(sourcePatch) }] },
      },
      destination: { server: IN_CLUSTER, namespace: ARGOCD_NAMESPACE },
      ...(spec.automated ? { syncPolicy: { automated: { prune: true, selfHeal: true } } } : {}),
    },
  };
}

/**
 * The child Applications as Argo CD renders them for an environment: the files argocd/apps
 * lists, pointed at the environment's overlay and at the root's repository and revision.
 * (tests/k8s checks this against `kubectl kustomize` with the root's patches.)
 */
export function renderChildApplications(
  repoRoot: string,
  source: Source,
  environment: Environment,
): ArgoObject[] {
  const { resources } = parse(readFileSync(join(repoRoot, 'argocd/apps/kustomization.yaml'), 'utf8')) as {
    resources: string[];
  };
  return resources.map((file) => {
    const app = parse(readFileSync(join(repoRoot, 'argocd/apps', file), 'utf8')) as ArgoObject;
    const appSource = app.spec.source as { path: string };
    const syncPolicy = { ...(app.spec.syncPolicy as Record<string, unknown>) };
    if (!ENVIRONMENT[environment].automated) delete syncPolicy.automated;
    return {
      ...app,
      spec: {
        ...app.spec,
        source: {
          ...appSource,
          path: appSource.path.replace(/^k8s\/overlays\/[^/]+\//, `k8s/overlays/${environment}/`),
          repoURL: source.repoUrl,
          targetRevision: source.revision,
        },
        syncPolicy,
      },
    };
  });
}

/** An Application's sync wave, as Argo CD reads it (0 when not annotated). */
export function waveOf(app: ArgoObject): number {
  return Number(app.metadata.annotations?.[WAVE] ?? 0);
}

/** Each child's piece, overlay path and sync wave: what the direct path applies, in that order. */
export function childApplications(repoRoot: string, environment: Environment): ChildApplication[] {
  return renderChildApplications(repoRoot, { repoUrl: '', revision: '' }, environment).map((app) => ({
    name: app.metadata.name,
    wave: waveOf(app),
    path: (app.spec.source as { path: string }).path,
  }));
}

/** The pieces grouped by sync wave, lowest first, as Argo CD syncs them. */
export function syncWaves(children: ChildApplication[]): ChildApplication[][] {
  const waves = [...new Set(children.map((child) => child.wave))].sort((a, b) => a - b);
  return waves.map((wave) => children.filter((child) => child.wave === wave));
}
