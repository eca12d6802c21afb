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
// With no git on PATH, the repository Argo CD follows is given, as on a machine without a clone.
const FORK_ARGS = ['--repo-url', 'https://example.org/me/fork.git', '--revision', 'main'];
function dryRun(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['dist/cmd/bootstrap-cluster/main.js', '--dry-run', ...FORK_ARGS, ...args],
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
        `$ kubectl --context minikube apply -n argo-rollouts -f ${ARGO_ROLLOUTS_MANIFEST}`,
        `$ kubectl --context minikube apply --server-side -f ${CLOUDNATIVE_PG_MANIFEST}`,
        '$ helm upgrade --install istio-cni istio/cni --kube-context minikube --namespace istio-system --create-namespace --version 1.27.1 --wait --timeout 10m',
        '$ helm upgrade --install istiod istio/istiod --kube-context minikube --namespace istio-system --create-namespace --version 1.27.1 --set pilot.cni.enabled=true --wait --timeout 10m',
      ]),
    );
    // The logging project and Applications, rendered with their pinned charts, go to Argo CD on stdin.
    expect(stdout).toMatch(
      /applying the logging project and applications \(Loki, Fluent Bit\)\n\$ kubectl --context minikube apply -n argocd -f - <<'EOF'\n/,
    );
    // Every install names its exact version.
    for (const line of shown.filter((l) => /istio\/|argo-rollouts\/|cloudnative-pg\//.test(l)))
      expect(line).toMatch(/--version 1\.27\.1|\/v1\.8\.3\/|cnpg-1\.30\.0\.yaml/);
    const order = titles([...COMPONENTS]);
    const monitoring = order.findIndex((t) => t.startsWith('installing the monitoring stack'));
    const rootApp = order.findIndex((t) => t.startsWith('applying the root application '));
    for (const title of ['installing Argo Rollouts v1.8.3', 'installing istiod (istio/istiod 1.27.1)'])
      expect([title, order.indexOf(title) > monitoring, order.indexOf(title) < rootApp]).toEqual([
        title,
        true,
        true,
      ]);
  });

  it('installs nothing more without --with, and lets Grafana load the dashboards of the namespace', async () => {
    const { stdout } = await dryRun([]);
    // No command of the plan (the project it applies may allow the CloudNativePG kinds).
    const commands = stdout.split('\n').filter((line) => line.startsWith('$ '));
    expect(commands.length).toBeGreaterThan(10);
    expect(commands.join('\n')).not.toMatch(/istio|argo-rollouts|cnpg|logging/);
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
