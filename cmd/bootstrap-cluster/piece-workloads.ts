import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** What the direct path waits for once a piece is applied. */
export interface Workload {
  /** `deployment/x`, `statefulset/x`, `cluster/x`, as kubectl names it. */
  ref: string;
  /** Pods that roll out (`kubectl rollout status`), or a CloudNativePG Cluster (`kubectl wait` for Ready). */
  wait: 'rollout' | 'ready';
}

/**
 * The kinds that run pods the next wave needs. A CronJob runs on its schedule and nothing
 * waits for it; a CloudNativePG Cluster's pods belong to the operator, which reports Ready.
 */
const WAITED: Record<string, Workload['wait']> = {
  Deployment: 'rollout',
  StatefulSet: 'rollout',
  Cluster: 'ready',
};

interface Kustomization {
  resources?: string[];
  namePrefix?: string;
  nameSuffix?: string;
}

interface Named {
  kind: string;
  name: string;
}

/**
 * The workloads of an overlay piece, read from the files its kustomization lists (recursively,
 * with their name prefixes): the plan stays a pure function of the checkout, and needs no
 * kustomize. tests/k8s/bootstrap-plan.test.ts checks the result against `kubectl kustomize`.
 */
export function pieceWorkloads(dir: string): Workload[] {
  return listedObjects(dir).flatMap(({ kind, name }) =>
    WAITED[kind] ? [{ ref: `${kind.toLowerCase()}/${name}`, wait: WAITED[kind] }] : [],
  );
}

function listedObjects(dir: string): Named[] {
  const file = ['kustomization.yaml', 'kustomization.yml'].map((f) => join(dir, f)).find(existsSync);
  if (!file) throw new Error(`${dir} holds no kustomization`);
  const kustomization = (parseAllDocuments(readFileSync(file, 'utf8'))[0]?.toJS() ?? {}) as Kustomization;
  const { namePrefix = '', nameSuffix = '' } = kustomization;
  return (kustomization.resources ?? [])
    .flatMap((resource) => {
      const path = join(dir, resource);
      return statSync(path).isDirectory() ? listedObjects(path) : objectsOf(path);
    })
    .map(({ kind, name }) => ({ kind, name: `${namePrefix}${name}${nameSuffix}` }));
}

function objectsOf(file: string): Named[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((document) => document.toJS() as { kind?: string; metadata?: { name?: string } } | null)
    .flatMap((object) =>
      object?.kind && object.metadata?.name ? [{ kind: object.kind, name: object.metadata.name }] : [],
    );
}
