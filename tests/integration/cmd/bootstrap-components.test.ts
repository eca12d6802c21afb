import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { buildPlan } from '../../../cmd/bootstrap-cluster/plan';
import { placeholderSecretValues } from '../../../cmd/bootstrap-cluster/secrets';
import {
  ARGO_ROLLOUTS_MANIFEST,
  CLOUDNATIVE_PG_MANIFEST,
  COMPONENTS,
} from '../../../cmd/bootstrap-cluster/components';

// The built command, as a person runs it (npm test builds first); --dry-run runs nothing.
function dryRun(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['dist/cmd/bootstrap-cluster/main.js', '--dry-run', ...args],
      { env: { ...process.env, PATH: '/nonexistent' } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

const titles = (components: (typeof COMPONENTS)[number][]) =>
  buildPlan({
    values: placeholderSecretValues({}),
    context: 'minikube',
    environment: 'minikube',
    repoRoot: resolve('.'),
    gitops: { source: { repoUrl: 'https://example.org/me/fork.git', revision: 'main' } },
    components,
  }).map((step) => step.title);

describe('bootstrap-cluster --with: what the optional components need', () => {
  it('--dry-run shows each chosen install, pinned, after the monitoring stack and before Argo CD syncs', async () => {
    const { code, stdout } = await dryRun(['--with', 'istio,argo-rollouts,cloudnative-pg,logging']);
    expect(code).toBe(0);
    const shown = stdout.split('\n').filter((line) => line.startsWith('$ '));
    expect(shown).toEqual(
      expect.arrayContaining([
        `$ kubectl apply -n argo-rollouts -f ${ARGO_ROLLOUTS_MANIFEST}`,
        `$ kubectl apply --server-side -f ${CLOUDNATIVE_PG_MANIFEST}`,
        '$ kubectl apply -n argocd -f argocd/logging/',
        '$ helm upgrade --install istio-cni istio/cni --namespace istio-system --create-namespace --version 1.27.1 --wait --timeout 10m',
        '$ helm upgrade --install istiod istio/istiod --namespace istio-system --create-namespace --version 1.27.1 --set pilot.cni.enabled=true --wait --timeout 10m',
      ]),
    );
    // Every install names its exact version.
    for (const line of shown.filter((l) => /istio\/|argo-rollouts\/|cloudnative-pg\//.test(l)))
      expect(line).toMatch(/--version 1\.27\.1|\/v1\.8\.3\/|cnpg-1\.30\.0\.yaml/);
    const order = titles([...COMPONENTS]);
    const monitoring = order.findIndex((t) => t.startsWith('installing the monitoring stack'));
    const rootApp = order.indexOf('applying the root application');
    for (const title of ['installing Argo Rollouts v1.8.3', 'installing istiod (istio/istiod 1.27.1)'])
      expect([title, order.indexOf(title) > monitoring, order.indexOf(title) < rootApp]).toEqual([
        title,
        true,
        true,
      ]);
  });

  it('installs nothing more without --with, and lets Grafana load the dashboards of the namespace', async () => {
    const { stdout } = await dryRun([]);
    expect(stdout).not.toMatch(/istio|argo-rollouts|cnpg/);
    expect(stdout).toMatch(/kube-prometheus-stack .*--set grafana\.sidecar\.dashboards\.searchNamespace=ALL/);
    expect(titles([])).toHaveLength(titles(['argo-rollouts']).length - 3);
  });

  it('refuses an unknown component with the usage line and exit code 2', async () => {
    const { code, stderr } = await dryRun(['--with', 'argo-rollouts,linkerd']);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /unknown component linkerd: choose from argo-rollouts, istio, cloudnative-pg, logging; usage:/,
    );
  });
});
