import { execFile } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARGO_CD_CHART } from '../../../cmd/bootstrap-cluster/charts';
import { formatCommand } from '../../../cmd/bootstrap-cluster/command-line';

// Runs the built command as a person would (npm test builds first), with PATH under the test's control.
function bootstrap(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('OAUTH_') && !name.startsWith('FAKE_')),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['dist/cmd/bootstrap-cluster/main.js', ...args],
      { env: { ...base, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

const CONTRACT_SECRETS: Record<string, string[]> = {
  'link-db-credentials': ['POSTGRES_PASSWORD', 'DATABASE_URL'],
  'user-db-credentials': ['POSTGRES_PASSWORD', 'DATABASE_URL'],
  'social-graph-db-credentials': ['POSTGRES_PASSWORD', 'DATABASE_URL'],
  'caller-tokens': ['caller-tokens.yaml'],
  'news-service-caller-token': ['token'],
  'api-gateway-service-caller-token': ['token'],
  'oauth-client': ['client-id', 'client-secret'],
  'user-proof-signing-key': ['private.jwk'],
  'user-proof-public-keys': ['public.jwks'],
};
/** 32 random bytes in base64url are 43 characters; nothing else printed is that long. */
const RANDOM_VALUE = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g;

const FORK_ARGS = [
  '--context',
  'minikube',
  '--repo-url',
  'https://example.org/me/fork.git',
  '--revision',
  'main',
];

const work = mkdtempSync(join(tmpdir(), 'dlk-bootstrap-'));
const emptyDir = join(work, 'empty-path');
const fakeDir = join(work, 'fake-tools');
const log = join(work, 'commands.log');

/**
 * Fake kubectl/helm/minikube/git: each logs its argv (NUL-separated, record ends with \x1e) and answers
 * like the real tool. Only bash builtins, since PATH holds nothing else.
 */
const FAKE_TOOL = `#!/bin/bash
tool="\${0##*/}"
record=("$tool" "$@")
if [ "$tool $1" = "kubectl --context" ]; then shift 2; fi
if [ "$tool $1" = "kubectl apply" ] && [ "\${@: -1}" = "-" ]; then IFS= read -r -d "" input; record+=("stdin=$input"); fi
{ printf '%s\\0' "\${record[@]}"; printf '\\036\\0'; } >> "$FAKE_LOG"
case "$tool $1 $2" in
  "kubectl config current-context") echo "\${FAKE_CONTEXT-minikube}" ;;
  "git remote get-url") echo "https://example.org/from/origin.git" ;;
  "git rev-parse --abbrev-ref") echo "feature-branch" ;;
  "kubectl get secret")
    if [ "$FAKE_SECRETS_EXIST" = 1 ]; then echo "NAME TYPE DATA AGE"; exit 0; fi
    echo "Error from server (NotFound): secrets \\"$3\\" not found" >&2; exit 1 ;;
  "kubectl create "*) printf 'from-create: %s\\n' "$*" ;;
  "helm upgrade --install")
    if [ "$FAKE_FAIL" = "$3" ]; then echo "Release \\"$3\\" is being installed" >&2; echo "Error: INSTALLATION FAILED: boom" >&2; exit 1; fi ;;
esac
exit 0
`;

beforeAll(() => {
  for (const dir of [emptyDir, fakeDir]) mkdirSync(dir);
  for (const tool of ['kubectl', 'helm', 'minikube', 'git']) {
    writeFileSync(join(fakeDir, tool), FAKE_TOOL);
    chmodSync(join(fakeDir, tool), 0o755);
  }
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

function loggedCommands(): string[][] {
  if (!existsSync(log)) return [];
  const records: string[][] = [[]];
  for (const field of readFileSync(log, 'utf8').split('\0').slice(0, -1)) {
    if (field === '\x1e') records.push([]);
    else records.at(-1)!.push(field);
  }
  return records.slice(0, -1);
}

const withoutStdin = (argv: string[]) => argv.filter((arg) => !arg.startsWith('stdin='));
/** Random values, and the user proof keys (JWKs: JSON around random values), as a dry run shows them. */
const masked = (argv: string[]) =>
  argv.map((arg) =>
    arg
      .replace(/^(--from-literal=(?:private\.jwk|public\.jwks)=)\{.*\}$/s, '$1<generated>')
      .replace(RANDOM_VALUE, '<generated>'),
  );

/** The commands a dry run prints, a pipe counting as its two commands. */
function plannedCommands(dryRunOutput: string): string[] {
  return dryRunOutput
    .split('\n')
    .filter((line) => line.startsWith('$ '))
    .flatMap((line) => line.slice(2).replace(" <<'EOF'", '').split(' | '));
}

/** stderr without the OAuth warning every run without OAUTH_* prints. */
function errorLines(stderr: string): string[] {
  return stderr
    .trim()
    .split('\n')
    .filter((line) => !line.startsWith('warning:'));
}

describe('cmd/bootstrap-cluster --dry-run', () => {
  let run: Awaited<ReturnType<typeof bootstrap>>;
  beforeAll(async () => {
    // --context and --repo-url named: nothing needs to be asked of kubectl or git.
    run = await bootstrap(['--dry-run', ...FORK_ARGS], { PATH: emptyDir });
  });

  it('exits 0 and prints every step in order, running nothing', () => {
    expect(run.code).toBe(0);
    const commands = run.stdout.split('\n').filter((line) => line.startsWith('$ '));
    const order = [
      '$ kubectl version --client',
      '$ helm version --short',
      '$ minikube version --short',
      '$ minikube --profile minikube addons enable metrics-server',
      '$ minikube --profile minikube addons enable ingress',
      '$ helm repo add argo https://argoproj.github.io/argo-helm',
      '$ helm repo add prometheus-community https://prometheus-community.github.io/helm-charts',
      '$ helm upgrade --install argocd argo/argo-cd --kube-context minikube --namespace argocd --create-namespace --version ',
      '$ helm upgrade --install monitoring prometheus-community/kube-prometheus-stack --kube-context minikube --namespace monitoring',
      '$ kubectl --context minikube create namespace delinkcious --dry-run=client -o yaml | kubectl --context minikube apply -f -',
      ...Object.keys(CONTRACT_SECRETS).map(
        (name) => `$ kubectl --context minikube create secret generic ${name} -n delinkcious`,
      ),
      "$ kubectl --context minikube apply -n argocd -f - <<'EOF'",
      "$ kubectl --context minikube apply -n argocd -f - <<'EOF'",
      "$ kubectl --context minikube -n argocd wait application/delinkcious '--for=jsonpath={.status.health.status}=Healthy' --timeout=900s",
      '$ kubectl --context minikube -n delinkcious rollout status deployment/api-gateway-service --timeout=600s',
    ];
    // Each expected command is found after the one before it.
    let at = -1;
    for (const start of order) {
      at = commands.findIndex((line, i) => i > at && line.startsWith(start));
      expect([start, at]).toEqual([start, expect.any(Number)]);
      expect(at).toBeGreaterThanOrEqual(0);
    }
    expect(run.stdout.indexOf('minikube service api-gateway-service -n delinkcious --url')).toBeGreaterThan(
      run.stdout.indexOf('rollout status'),
    );
    expect(run.stdout).toContain('kubectl -n argocd port-forward svc/argocd-server 8443:443');
    expect(run.stdout).toContain('argocd-initial-admin-secret');
    expect(run.stdout).toMatch(/--version \d+\.\d+\.\d+ --values argocd\/helm-values\.yaml --wait/);
  });

  it('creates every Secret of the contract with its keys, checking first that it does not exist', () => {
    for (const [name, keys] of Object.entries(CONTRACT_SECRETS)) {
      const create = run.stdout.split('\n').find((line) => line.includes(`create secret generic ${name} `))!;
      for (const key of keys) expect(create).toContain(`--from-literal=${key}=`);
      expect(create).toMatch(/--dry-run=client -o yaml \| kubectl --context minikube apply -f -$/);
      expect(run.stdout).toMatch(
        new RegExp(`\\$ kubectl --context minikube get secret .*${name}.* -n delinkcious`),
      );
    }
    expect(run.stdout).toContain(
      "'--from-literal=DATABASE_URL=postgres://link_service:<generated>@link-db:5432/link_manager'",
    );
    expect(run.stdout).toContain(
      '--from-literal=caller-tokens.yaml=news-service: "<generated>"\\napi-gateway-service: "<generated>"',
    );
  });

  it('shows no secret value, only what stands in for it', async () => {
    expect(run.stdout).not.toMatch(RANDOM_VALUE);
    expect(run.stderr).toMatch(/OAUTH_CLIENT_ID and OAUTH_CLIENT_SECRET are not set.*social login stays off/);
    const withOAuth = await bootstrap(['--dry-run', ...FORK_ARGS], {
      PATH: emptyDir,
      OAUTH_CLIENT_ID: 'the-client-id',
      OAUTH_CLIENT_SECRET: 'the-very-secret-value',
    });
    expect(withOAuth.code).toBe(0);
    expect(withOAuth.stdout).toContain(
      "'--from-literal=client-id=<from OAUTH_CLIENT_ID>' '--from-literal=client-secret=<from OAUTH_CLIENT_SECRET>'",
    );
    expect(withOAuth.stdout + withOAuth.stderr).not.toContain('the-very-secret-value');
    // Given OAuth settings replace the old ones: no existence check for oauth-client.
    expect(withOAuth.stdout).not.toContain('get secret oauth-client');
  });

  it('refuses bad arguments with a one-line usage error (exit 2)', async () => {
    const bad = await bootstrap(['--dry-run', '--colour'], { PATH: emptyDir });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^bootstrap-cluster: .*--colour.*usage: bootstrap-cluster \[--dry-run\]/);
    const mixed = await bootstrap(['--direct', '--repo-url', 'https://example.org/me/fork.git'], {
      PATH: emptyDir,
    });
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('--direct applies this checkout: it takes no --repo-url');
    const environment = await bootstrap(['--environment', 'staging'], { PATH: emptyDir });
    expect(environment.code).toBe(2);
    expect(environment.stderr).toContain('--environment must be one of minikube, production');
  });
});

describe('cmd/bootstrap-cluster against a cluster', () => {
  beforeEach(() => rmSync(log, { force: true }));

  it('stops at once with one line naming kubectl when it is not on PATH', async () => {
    // The command itself is started by node's absolute path, so PATH may hold nothing at all.
    const run = await bootstrap([], { PATH: emptyDir });
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([
      'bootstrap-cluster: kubectl is not on PATH; install it: https://kubernetes.io/docs/tasks/tools/',
    ]);
    expect(run.stdout).not.toContain('[2/');
  });

  it('runs exactly the planned commands, with fresh secrets fed through the pipe', async () => {
    const env = { PATH: fakeDir, FAKE_LOG: log };
    const plan = await bootstrap(['--dry-run'], env);
    rmSync(log, { force: true });
    const run = await bootstrap([], env);
    expect(run.stderr).not.toContain('bootstrap-cluster:');
    expect(run.code).toBe(0);

    // First the three look-ups: the kube context, then origin and the branch Argo CD follows.
    const [lookups, commands] = [loggedCommands().slice(0, 3), loggedCommands().slice(3)];
    expect(lookups.map((argv) => argv.join(' '))).toEqual([
      'kubectl config current-context',
      'git remote get-url origin',
      'git rev-parse --abbrev-ref HEAD',
    ]);
    expect(commands.map((argv) => formatCommand(masked(withoutStdin(argv))))).toEqual(
      plannedCommands(plan.stdout),
    );
    expect(run.stdout).toContain('[12/25] creating secret link-db-credentials ... done');
    expect(run.stdout).toContain('[25/25] waiting for deployment/api-gateway-service to roll out');
    expect(run.stdout).toContain('Delinkcious is deployed (Argo CD).');

    // Every piped `kubectl apply -f -` got what the `kubectl create` before it wrote; the
    // project and the root application are given as manifests naming origin and its branch.
    const stdins = commands.flatMap((argv, i) => {
      const stdin = argv.find((arg) => arg.startsWith('stdin='));
      return stdin ? [{ stdin, before: commands[i - 1] }] : [];
    });
    const piped = stdins.filter(({ stdin }) => stdin.startsWith('stdin=from-create: '));
    for (const { stdin, before } of piped)
      expect(stdin).toBe(`stdin=from-create: ${before.slice(3).join(' ')}\n`);
    expect(piped).toHaveLength(11);
    const [project, root] = stdins.slice(11).map(({ stdin }) => stdin);
    expect(project).toContain('kind: AppProject');
    expect(project).toContain('sourceRepos:\n    - https://example.org/from/origin.git');
    expect(root).toContain(
      'repoURL: https://example.org/from/origin.git\n    targetRevision: feature-branch',
    );

    // The values are fresh, random and consistent where the contract says they are shared.
    const literal = (secret: string, key: string) => {
      const create = commands.find((argv) =>
        argv.join(' ').startsWith(`kubectl --context minikube create secret generic ${secret} `),
      )!;
      return create
        .find((arg) => arg.startsWith(`--from-literal=${key}=`))!
        .slice(`--from-literal=${key}=`.length);
    };
    const password = literal('link-db-credentials', 'POSTGRES_PASSWORD');
    expect(password).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(literal('link-db-credentials', 'DATABASE_URL')).toBe(
      `postgres://link_service:${password}@link-db:5432/link_manager`,
    );
    const newsToken = literal('news-service-caller-token', 'token');
    const gatewayToken = literal('api-gateway-service-caller-token', 'token');
    expect(literal('caller-tokens', 'caller-tokens.yaml')).toBe(
      `news-service: "${newsToken}"\napi-gateway-service: "${gatewayToken}"\n`,
    );
    const all = [
      password,
      literal('user-db-credentials', 'POSTGRES_PASSWORD'),
      literal('social-graph-db-credentials', 'POSTGRES_PASSWORD'),
      newsToken,
      gatewayToken,
    ];
    expect(new Set(all).size).toBe(5);
    // The user proof keys are a pair: the public set holds the signing key's public half.
    const signingKey = JSON.parse(literal('user-proof-signing-key', 'private.jwk')) as Record<
      string,
      unknown
    >;
    const publicKeys = JSON.parse(literal('user-proof-public-keys', 'public.jwks')) as { keys: unknown[] };
    const { d: _d, ...publicHalf } = signingKey;
    expect(publicKeys.keys).toEqual([publicHalf]);
    expect(run.stdout).not.toMatch(RANDOM_VALUE);
  });

  it('keeps the Secrets that already exist', async () => {
    const run = await bootstrap([], { PATH: fakeDir, FAKE_LOG: log, FAKE_SECRETS_EXIST: '1' });
    expect(run.code).toBe(0);
    const commands = loggedCommands().map((argv) => argv.join(' '));
    expect(commands.filter((command) => command.includes('create secret'))).toEqual([]);
    expect(commands.filter((command) => command.includes('get secret'))).toHaveLength(10);
    for (const name of Object.keys(CONTRACT_SECRETS)) {
      expect(run.stdout).toMatch(new RegExp(`creating secret ${name} \\.\\.\\. kept\\n`));
    }
    expect(commands).toContain(
      'kubectl --context minikube -n delinkcious rollout status deployment/api-gateway-service --timeout=600s',
    );
  });

  it('stops at the first failing command with the step, the exit code and the tool’s last line', async () => {
    const run = await bootstrap([], { PATH: fakeDir, FAKE_LOG: log, FAKE_FAIL: 'argocd' });
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([
      `bootstrap-cluster: step 9/25 (installing Argo CD (argo/argo-cd ${ARGO_CD_CHART.version})) failed: helm exited with code 1: ` +
        'Error: INSTALLATION FAILED: boom',
    ]);
    expect(run.stdout).toContain(
      `[9/25] installing Argo CD (argo/argo-cd ${ARGO_CD_CHART.version}) ... failed`,
    );
    expect(loggedCommands().at(-1)!.slice(0, 4)).toEqual(['helm', 'upgrade', '--install', 'argocd']);
  });

  it('refuses a kube context that is not minikube or kind, having run nothing else', async () => {
    const run = await bootstrap([], {
      PATH: fakeDir,
      FAKE_LOG: log,
      FAKE_CONTEXT: 'gke_shop_europe-west1_prod',
    });
    expect(run.code).toBe(2);
    expect(errorLines(run.stderr)).toEqual([
      'bootstrap-cluster: the current kube context "gke_shop_europe-west1_prod" is not minikube or kind; ' +
        'to install into it anyway, give --context gke_shop_europe-west1_prod',
    ]);
    expect(loggedCommands().map((argv) => argv.join(' '))).toEqual(['kubectl config current-context']);
  });

  it('installs into a context named with --context, pinning every command to it, checking only kubectl and helm', async () => {
    const context = 'gke_shop_europe-west1_prod';
    const run = await bootstrap(['--context', context], {
      PATH: fakeDir,
      FAKE_LOG: log,
      FAKE_CONTEXT: 'minikube',
    });
    expect(run.code).toBe(0);
    const commands = loggedCommands();
    expect(commands.filter((argv) => argv.includes('version')).map((argv) => argv[0])).toEqual([
      'kubectl',
      'helm',
    ]);
    expect(commands.some((argv) => argv[0] === 'minikube' || argv[0] === 'argocd')).toBe(false);
    for (const argv of commands.filter((a) => a[0] === 'kubectl' && !a.includes('version')))
      expect(argv.slice(0, 3)).toEqual(['kubectl', '--context', context]);
    const installs = commands.filter((argv) => argv[0] === 'helm' && argv[1] === 'upgrade');
    expect(installs).toHaveLength(2);
    for (const argv of installs) expect(argv[argv.indexOf('--kube-context') + 1]).toBe(context);
  });

  it('--direct applies the overlay piece by piece in the sync waves, waiting for each, with no Argo CD and no git', async () => {
    const env = { PATH: fakeDir, FAKE_LOG: log };
    const plan = await bootstrap(['--direct', '--dry-run'], env);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(
      /^# bootstrap-cluster: \d+ steps, direct \(kubectl, no Argo CD\), context minikube/,
    );
    rmSync(log, { force: true });
    const run = await bootstrap(['--direct'], env);
    expect(run.code).toBe(0);
    const commands = loggedCommands().slice(1);
    expect(commands.map((argv) => formatCommand(masked(withoutStdin(argv))))).toEqual(
      plannedCommands(plan.stdout),
    );
    expect(commands.some((argv) => argv[0] === 'git' || argv.includes('argocd'))).toBe(false);
    const applied = commands.filter((argv) => argv[3] === 'apply' && argv[4] === '-k').map((argv) => argv[5]);
    expect(applied[0]).toBe('k8s/overlays/minikube/platform');
    expect(applied.at(-1)).toBe('k8s/overlays/minikube/api-gateway-service');
    // The gateway's rollout is waited for after every other piece's.
    const rollouts = commands.filter((argv) => argv.includes('rollout')).map((argv) => argv[7]);
    expect(rollouts.at(-1)).toBe('deployment/api-gateway-service');
    expect(rollouts).toContain('statefulset/user-db');
  });

  it('creates the repository credential Argo CD reads when REPO_TOKEN is given, never printing the token', async () => {
    const env = {
      PATH: fakeDir,
      FAKE_LOG: log,
      REPO_TOKEN: 'ghp_the-very-secret-token',
      REPO_USERNAME: 'me',
    };
    const plan = await bootstrap(['--dry-run', '--repo-url', 'https://example.org/me/private.git'], env);
    expect(plan.stdout).toContain('password: <from REPO_TOKEN>');
    expect(plan.stdout + plan.stderr).not.toContain('the-very-secret-token');
    rmSync(log, { force: true });
    const run = await bootstrap(['--repo-url', 'https://example.org/me/private.git'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('the-very-secret-token');
    const secret = loggedCommands()
      .flatMap((argv) => argv.filter((arg) => arg.startsWith('stdin=') && arg.includes('kind: Secret')))
      .join('');
    expect(secret).toContain('argocd.argoproj.io/secret-type: repository');
    expect(secret).toContain('url: https://example.org/me/private.git');
    expect(secret).toContain('username: me');
    expect(secret).toContain('password: ghp_the-very-secret-token');
  });

  it('--dry-run --repo-url URL, with no cluster yet, prints a plan in which the project and every Application name URL', async () => {
    const env = { PATH: fakeDir, FAKE_LOG: log, FAKE_CONTEXT: '' };
    const plan = await bootstrap(['--dry-run', '--repo-url', 'https://example.org/me/fork.git'], env);
    expect(plan.code).toBe(0);
    expect(plan.stderr).toContain(
      'warning: kubectl has no current context: start minikube, or give --context NAME; the plan shows --context minikube',
    );
    expect(plan.stdout).toContain('sourceRepos:\n    - https://example.org/me/fork.git');
    expect(plan.stdout).toContain(
      'repoURL: https://example.org/me/fork.git\n    targetRevision: feature-branch',
    );
    const children = plan.stdout.split('\n').filter((line) => /^# {5}\S+ \(wave -?\d+\): /.test(line));
    // One per piece of the overlay.
    const pieces = readdirSync('k8s/overlays/minikube', { withFileTypes: true }).filter((d) =>
      d.isDirectory(),
    );
    expect(children).toHaveLength(pieces.length);
    for (const line of children)
      expect(line).toContain(': https://example.org/me/fork.git feature-branch k8s/overlays/minikube/');
    // Only a dry run goes on without a context: a real run stops.
    const real = await bootstrap(['--repo-url', 'https://example.org/me/fork.git'], env);
    expect(real.code).toBe(2);
    expect(errorLines(real.stderr)).toEqual([
      'bootstrap-cluster: kubectl has no current context: start minikube, or give --context NAME',
    ]);
  });
});
