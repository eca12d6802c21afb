import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { render, type K8sObject } from './manifests';

/**
 * Renders a folder of k8s/ with optional components switched on, as an overlay piece does
 * when its kustomization.yaml lists them: a throw-away kustomization beside the system's
 * temp files (kustomize takes only relative paths).
 */
export function renderWith(dir: string, components: string[]): K8sObject[] {
  const root = mkdtempSync(join(tmpdir(), 'dlk-compose-'));
  try {
    const from = (path: string) => relative(root, resolve(path));
    writeFileSync(
      join(root, 'kustomization.yaml'),
      JSON.stringify({ resources: [from(dir)], components: components.map(from) }),
    );
    return render(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
