import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** A Kubernetes object as rendered: enough structure for the checks, the rest left open. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  [field: string]: unknown;
}

export const OVERLAYS = ['minikube', 'production'] as const;
export type Overlay = (typeof OVERLAYS)[number];

/** The deployables: one folder each in svc/. */
export const SERVICES = readdirSync('svc')
  .filter((name) => statSync(join('svc', name)).isDirectory())
  .sort();

/** Pieces of an overlay: each is synced by an Argo CD Application of its own. */
export function piecesOf(overlay: Overlay): string[] {
  const root = join('k8s', 'overlays', overlay);
  return readdirSync(root)
    .filter((name) => statSync(join(root, name)).isDirectory())
    .sort();
}

export function parseObjects(text: string, source: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((document) => {
      if (document.errors.length) throw new Error(`${source}: ${document.errors[0].message}`);
      return document.toJS() as K8sObject | null;
    })
    .filter((object): object is K8sObject => object !== null);
}

const rendered = new Map<string, K8sObject[]>();

/** `kubectl kustomize <dir>`, parsed; kustomize is the same one Argo CD runs. */
export function render(dir: string): K8sObject[] {
  let objects = rendered.get(dir);
  if (!objects) {
    let text: string;
    try {
      text = execFileSync('kubectl', ['kustomize', dir], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      const { code, stderr } = error as { code?: string; stderr?: string };
      if (code === 'ENOENT')
        throw new Error('kubectl is not on PATH: the manifest tests need kubectl >= 1.27');
      throw new Error(`kubectl kustomize ${dir} failed: ${String(stderr).trim()}`);
    }
    objects = parseObjects(text, dir);
    rendered.set(dir, objects);
  }
  return objects;
}

export function renderOverlay(overlay: Overlay): K8sObject[] {
  return render(join('k8s', 'overlays', overlay));
}

/** Every YAML file under a folder, recursively. */
export function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.ya?ml$/.test(file))
    .map((file) => join(dir, file))
    .sort();
}

export function readObjects(file: string): K8sObject[] {
  return parseObjects(readFileSync(file, 'utf8'), file);
}

export function ofKind(objects: K8sObject[], kind: string): K8sObject[] {
  return objects.filter((object) => object.kind === kind);
}

export function named(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
}

/**
 * A ConfigMap of a configMapGenerator, by the name it is generated with: kustomize appends
 * a hash of its content (`nats-config-9d5hkmtgdf`).
 */
export function generatedConfigMap(objects: K8sObject[], name: string): K8sObject {
  const found = ofKind(objects, 'ConfigMap').filter((object) =>
    new RegExp(`^${name}-[a-z0-9]{10}$`).test(object.metadata.name),
  );
  if (found.length !== 1) throw new Error(`${found.length} generated ConfigMaps ${name}-<hash>`);
  return found[0];
}
