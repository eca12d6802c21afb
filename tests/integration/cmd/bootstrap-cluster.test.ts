import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  'api-gateway-service-login-cookie-keys': ['keys'],
};
/** 32 random bytes in base64url are 43 characters; nothing else printed is that long. */
const RANDOM_VALUE = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g;

const work = mkdtempSync(join(tmpdir(), 'dlk-bootstrap-'));
const emptyDir = join(work, 'empty-path');
const fakeDir = join(work, 'fake-tools');
const log = join(work, 'commands.log');

/**
 * Fake kubectl/helm/argocd: each logs its argv (NUL-separated, record ends with \x1e) and answers
 * like the real tool. Only bash builtins, since PATH holds nothing else.
 */
const FAKE_TOOL = `#!/bin/bash
tool="\${0##*/}"
record=("$tool" "$@")
if [ "$tool $1 $2 $3" = "kubectl apply -f -" ]; then IFS= read -r -d "" input; record+=("stdin=$input"); fi
{ printf '%s\\0' "\${record[@]}"; printf '\\036\\0'; } >> "$FAKE_LOG"
case "$tool $1 $2" in
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
  for (const tool of ['kubectl', 'helm', 'argocd']) {
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
const masked = (argv: string[]) => argv.map((arg) => arg.replace(RANDOM_VALUE, '<generated>'));

/** The commands a dry run prints, a pipe counting as its two commands. */
function plannedCommands(dryRunOutput: string): string[] {
  return dryRunOutput
    .split('\n')
    .filter((line) => line.startsWith('$ '))
    .flatMap((line) => line.slice(2).split(' | '));
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
    run = await bootstrap(['--dry-run'], { PATH: emptyDir });
  });

  it('exits 0 and prints every step in order, running nothing', () => {
    expect(run.code).toBe(0);
    const commands = run.stdout.split('\n').filter((line) => line.startsWith('$ '));
    const order = [
      '$ kubectl version --client',
      '$ helm version --short',
      '$ argocd version --client --short',
      '$ helm repo add argo https://argoproj.github.io/argo-helm',
      '$ helm repo add prometheus-community https://prometheus-community.github.io/helm-charts',
      '$ helm upgrade --install argocd argo/argo-cd --namespace argocd --create-namespace --version ',
      '$ helm upgrade --install monitoring prometheus-community/kube-prometheus-stack --namespace monitoring',
      '$ kubectl create namespace delinkcious --dry-run=client -o yaml | kubectl apply -f -',
      ...Object.keys(CONTRACT_SECRETS).map(
        (name) => `$ kubectl create secret generic ${name} -n delinkcious`,
      ),
      '$ kubectl apply -n argocd -f argocd/project.yaml',
      '$ kubectl apply -n argocd -f argocd/root-application.yaml',
      "$ kubectl -n argocd wait application/delinkcious '--for=jsonpath={.status.health.status}=Healthy' --timeout=900s",
      '$ kubectl -n delinkcious rollout status deployment/api-gateway-service --timeout=600s',
    ];
    const positions = order.map((start) => commands.findIndex((line) => line.startsWith(start)));
    expect(positions).not.toContain(-1);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
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
      expect(create).toMatch(/--dry-run=client -o yaml \| kubectl apply -f -$/);
      expect(run.stdout).toMatch(new RegExp(`\\$ kubectl get secret .*${name}.* -n delinkcious`));
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
    const withOAuth = await bootstrap(['--dry-run'], {
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
    const removed = await bootstrap(['--repo-url', 'https://github.com/someone/delinkcious'], {
      PATH: emptyDir,
    });
    expect(removed.code).toBe(2);
    expect(removed.stderr).toContain('--repo-url');
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
    const run = await bootstrap([], env);
    expect(run.stderr).not.toContain('bootstrap-cluster:');
    expect(run.code).toBe(0);

    const commands = loggedCommands();
    expect(commands.map((argv) => formatCommand(masked(withoutStdin(argv))))).toEqual(
      plannedCommands(plan.stdout),
    );
    expect(run.stdout).toContain('[10/21] creating secret link-db-credentials ... done');
    expect(run.stdout).toContain('[21/21] waiting for deployment api-gateway-service to roll out');
    expect(run.stdout).toContain('Delinkcious is deployed.');

    // Every `kubectl apply -f -` got what the `kubectl create` before it wrote.
    commands.forEach((argv, i) => {
      const stdin = argv.find((arg) => arg.startsWith('stdin='));
      if (stdin) expect(stdin).toBe(`stdin=from-create: ${commands[i - 1].slice(1).join(' ')}\n`);
    });
    expect(commands.filter((argv) => argv.some((arg) => arg.startsWith('stdin=')))).toHaveLength(9);

    // The values are fresh, random and consistent where the contract says they are shared.
    const literal = (secret: string, key: string) => {
      const create = commands.find((argv) =>
        argv.join(' ').startsWith(`kubectl create secret generic ${secret} `),
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
      literal('api-gateway-service-login-cookie-keys', 'keys'),
    ];
    expect(new Set(all).size).toBe(6);
    expect(run.stdout).not.toMatch(RANDOM_VALUE);
  });

  it('keeps the Secrets that already exist', async () => {
    const run = await bootstrap([], { PATH: fakeDir, FAKE_LOG: log, FAKE_SECRETS_EXIST: '1' });
    expect(run.code).toBe(0);
    const commands = loggedCommands().map((argv) => argv.join(' '));
    expect(commands.filter((command) => command.startsWith('kubectl create secret'))).toEqual([]);
    expect(commands.filter((command) => command.startsWith('kubectl get secret'))).toHaveLength(8);
    for (const name of Object.keys(CONTRACT_SECRETS)) {
      expect(run.stdout).toMatch(new RegExp(`creating secret ${name} \\.\\.\\. kept\\n`));
    }
    expect(commands).toContain(
      'kubectl -n delinkcious rollout status deployment/api-gateway-service --timeout=600s',
    );
  });

  it('stops at the first failing command with the step, the exit code and the tool’s last line', async () => {
    const run = await bootstrap([], { PATH: fakeDir, FAKE_LOG: log, FAKE_FAIL: 'argocd' });
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([
      `bootstrap-cluster: step 7/21 (installing Argo CD (argo/argo-cd ${ARGO_CD_CHART.version})) failed: helm exited with code 1: ` +
        'Error: INSTALLATION FAILED: boom',
    ]);
    expect(run.stdout).toContain(
      `[7/21] installing Argo CD (argo/argo-cd ${ARGO_CD_CHART.version}) ... failed`,
    );
    expect(loggedCommands().at(-1)!.slice(0, 4)).toEqual(['helm', 'upgrade', '--install', 'argocd']);
  });
});
