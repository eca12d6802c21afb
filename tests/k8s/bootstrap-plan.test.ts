import { resolve } from 'node:path';
import { childApplications, ENVIRONMENTS, type Environment } from '../../cmd/bootstrap-cluster/argocd';
import { chooseContext, ContextRefused, type Run } from '../../cmd/bootstrap-cluster/context-guard';
import { buildPlan, type PlanInput } from '../../cmd/bootstrap-cluster/plan';
import { placeholderSecretValues } from '../../cmd/bootstrap-cluster/secrets';
import { httpsUrl, resolveSource, SourceUnknown } from '../../cmd/bootstrap-cluster/source';
import { readObjects, render, yamlFiles } from './manifests';

const REPO = resolve('.');
const argv = (step: { command: readonly unknown[] }) => step.command.map(String);

function plan(environment: Environment, gitops: boolean): string[][] {
  const input: PlanInput = {
    values: placeholderSecretValues({}),
    context: 'minikube',
    environment,
    repoRoot: REPO,
    gitops: gitops ? { source: { repoUrl: 'https://example.org/me/fork.git', revision: 'main' } } : undefined,
  };
  return buildPlan(input).map(argv);
}

/** The sync waves as Argo CD reads them: the annotation of each file of argocd/apps. */
const annotatedWaves = Object.fromEntries(
  yamlFiles('argocd/apps')
    .filter((file) => !file.endsWith('kustomization.yaml'))
    .flatMap(readObjects)
    .map((app) => [app.metadata.name, Number(app.metadata.annotations?.['argocd.argoproj.io/sync-wave'])]),
);

describe.each(ENVIRONMENTS)('the direct path (--direct) of %s', (environment) => {
  const commands = plan(environment, false);
  const applied = commands.filter((c) => c[3] === 'apply' && c[4] === '-k').map((c) => c[5]);
  const pieceOf = (path: string) => path.split('/').at(-1)!;

  it('applies every piece of the overlay once, in the order of the Argo CD sync waves', () => {
    expect(applied.map(pieceOf).sort()).toEqual(Object.keys(annotatedWaves).sort());
    const waves = applied.map((path) => annotatedWaves[pieceOf(path)]);
    expect(waves).toEqual([...waves].sort((a, b) => a - b));
    for (const path of applied) expect(path).toBe(`k8s/overlays/${environment}/${pieceOf(path)}`);
  });

  /**
   * What the next wave needs running, as kustomize renders the piece: its Deployments and
   * StatefulSets (rolled out), its CloudNativePG Clusters (Ready). CronJobs run on their schedule.
   */
  const waitedFor = (path: string) =>
    render(path)
      .filter((o) => ['Deployment', 'StatefulSet', 'Cluster'].includes(o.kind))
      .map((o) => `${o.kind.toLowerCase()}/${o.metadata.name}`);
  const isWait = (c: string[]) =>
    c.includes('rollout') || (c.includes('wait') && c.includes('--for=condition=Ready'));

  it('waits for every workload of a wave before applying the next wave', () => {
    for (const [i, path] of applied.entries()) {
      const appliedAt = commands.findIndex((c) => c[5] === path);
      const waits = waitedFor(path).map((workload) =>
        commands.findIndex((c) => isWait(c) && c.includes(workload)),
      );
      // Each workload of the piece is waited for after it is applied…
      for (const at of waits) expect(at).toBeGreaterThan(appliedAt);
      // …and before any piece of a later wave is applied.
      const laterWave = applied.findIndex((p) => annotatedWaves[pieceOf(p)] > annotatedWaves[pieceOf(path)]);
      if (laterWave > i) {
        const nextAt = commands.findIndex((c) => c[5] === applied[laterWave]);
        for (const at of waits) expect(at).toBeLessThan(nextAt);
      }
    }
    // Nothing is waited for that the overlay does not run.
    expect(commands.filter(isWait).length).toBe(applied.flatMap(waitedFor).length);
    // Production's databases are the operator's: their Clusters are waited for, not StatefulSets.
    const waitedIn = commands.filter(isWait).map((c) => c.find((arg) => arg.includes('/'))!);
    if (environment === 'production')
      expect(waitedIn).toEqual(expect.arrayContaining(['cluster/link-db', 'cluster/user-db']));
    else expect(waitedIn).toEqual(expect.arrayContaining(['statefulset/link-db', 'statefulset/user-db']));
  });

  it('shares the first part of the plan with the Argo CD path, and installs no Argo CD', () => {
    const gitops = plan(environment, true);
    // The helm repositories differ by Argo CD's; the rest (tools, addons, monitoring, namespace, Secrets) is one.
    const common = (c: string[]) => !(c[0] === 'helm' && c[1] === 'repo') && !c.includes('argo/argo-cd');
    const shared = commands
      .slice(
        0,
        commands.findIndex((c) => c[3] === 'apply' && c[4] === '-k'),
      )
      .filter(common);
    expect(gitops.filter(common).slice(0, shared.length)).toEqual(shared);
    expect(shared.some((c) => c.includes('create') && c.includes('secret'))).toBe(true);
    expect(commands.some((c) => c.includes('argo/argo-cd'))).toBe(false);
  });
});

describe('the kube context guard', () => {
  const current =
    (name: string, code = 0): Run =>
    async (command) => {
      expect(command).toEqual(['kubectl', 'config', 'current-context']);
      return { code, stdout: `${name}\n`, stderr: code ? 'error: current-context is not set' : '' };
    };

  it.each(['minikube', 'kind-kind', 'kind-delinkcious'])(
    'accepts the local cluster context %s',
    async (name) => {
      await expect(chooseContext(undefined, current(name))).resolves.toBe(name);
    },
  );

  it.each(['docker-desktop', 'gke_shop_europe-west1_prod', 'arn:aws:eks:eu-west-1:1:cluster/prod', 'kind'])(
    'refuses %s unless it is named with --context',
    async (name) => {
      await expect(chooseContext(undefined, current(name))).rejects.toThrow(
        new ContextRefused(
          `the current kube context "${name}" is not minikube or kind; to install into it anyway, give --context ${name}`,
        ),
      );
      const notAsked: Run = async () => {
        throw new Error('the current context must not be read when --context is given');
      };
      await expect(chooseContext(name, notAsked)).resolves.toBe(name);
    },
  );

  it('refuses when kubectl has no current context', async () => {
    await expect(chooseContext(undefined, current('', 1))).rejects.toThrow(/no current context/);
  });

  it('pins every kubectl and helm command of the plan to the chosen context', () => {
    for (const gitops of [true, false]) {
      const commands = buildPlan({
        values: placeholderSecretValues({}),
        context: 'kind-dev',
        environment: 'minikube',
        repoRoot: REPO,
        gitops: gitops ? { source: { repoUrl: 'https://example.org/x.git', revision: 'main' } } : undefined,
      }).flatMap((step) => [step.command, ...(step.pipeTo ? [step.pipeTo] : [])].map((c) => c.map(String)));
      for (const c of commands.filter((c) => c[0] === 'kubectl' && c[1] !== 'version'))
        expect(c.slice(1, 3)).toEqual(['--context', 'kind-dev']);
      for (const c of commands.filter((c) => c[0] === 'helm' && c[1] === 'upgrade'))
        expect(c[c.indexOf('--kube-context') + 1]).toBe('kind-dev');
      // minikube's addons only on minikube.
      expect(commands.some((c) => c[0] === 'minikube')).toBe(false);
    }
  });
});

describe('the source Argo CD follows', () => {
  const git =
    (answers: Record<string, string>): Run =>
    async (command) => {
      const answer = answers[command.join(' ')];
      return answer === undefined
        ? { code: 2, stdout: '', stderr: 'error: No such remote' }
        : { code: 0, stdout: `${answer}\n`, stderr: '' };
    };

  it("defaults to the checkout's origin remote and current branch", async () => {
    const run = git({
      'git remote get-url origin': 'https://example.org/me/fork.git',
      'git rev-parse --abbrev-ref HEAD': 'my-feature',
    });
    await expect(resolveSource({}, run)).resolves.toEqual({
      repoUrl: 'https://example.org/me/fork.git',
      revision: 'my-feature',
    });
    await expect(resolveSource({ repoUrl: 'https://x/y.git', revision: 'v1' }, git({}))).resolves.toEqual({
      repoUrl: 'https://x/y.git',
      revision: 'v1',
    });
  });

  it('follows an origin cloned over SSH at its https URL, which Argo CD reads without a key', async () => {
    const run = git({
      'git remote get-url origin': 'git@github.com:me/delinkcious.git',
      'git rev-parse --abbrev-ref HEAD': 'main',
    });
    await expect(resolveSource({}, run)).resolves.toEqual({
      repoUrl: 'https://github.com/me/delinkcious.git',
      revision: 'main',
    });
    expect(httpsUrl('ssh://git@gitlab.example.org:2222/team/fork.git')).toBe(
      'https://gitlab.example.org/team/fork.git',
    );
    expect(httpsUrl('https://example.org/me/fork.git')).toBe('https://example.org/me/fork.git');
    // What is given with --repo-url is taken as it is.
    await expect(
      resolveSource({ repoUrl: 'git@github.com:me/x.git', revision: 'main' }, git({})),
    ).resolves.toEqual({
      repoUrl: 'git@github.com:me/x.git',
      revision: 'main',
    });
  });

  it('asks for --repo-url without an origin, and for --revision on a detached HEAD', async () => {
    await expect(resolveSource({}, git({}))).rejects.toThrow(
      new SourceUnknown('cannot tell from git (remote get-url origin); give --repo-url URL'),
    );
    const detached = git({
      'git remote get-url origin': 'https://x/y.git',
      'git rev-parse --abbrev-ref HEAD': 'HEAD',
    });
    await expect(resolveSource({}, detached)).rejects.toThrow(/give --revision REV/);
  });
});

describe('the waves the plan reads', () => {
  it.each(ENVIRONMENTS)('%s: are the annotations of argocd/apps', (environment) => {
    expect(
      Object.fromEntries(childApplications(REPO, environment).map((child) => [child.name, child.wave])),
    ).toEqual(annotatedWaves);
  });
});
