/**
 * Prepares a Kubernetes cluster (minikube) for Delinkcious: checks the kube context and the
 * tools, enables the minikube addons, installs the monitoring CRDs (and Argo CD) with Helm,
 * creates the namespace and the Secrets (never overwriting existing ones), then either hands
 * the cluster to Argo CD (project and root application following --repo-url at --revision,
 * by default this checkout's origin and branch) or, with --direct, applies the overlay with
 * kubectl in Argo CD's sync waves. Usage: see USAGE in options.ts; --dry-run prints the plan.
 */
import { resolve } from 'node:path';
import { ContextRefused, NoCurrentContext, chooseContext, type Run } from './context-guard';
import { howToReach } from './how-to-reach';
import { parseOptions, UsageError, USAGE, type BootstrapOptions } from './options';
import { buildPlan, type PlanInput } from './plan';
import { ProgramNotFound, runCommand } from './run-command';
import { formatPlan, runPlan, StepFailed } from './runner';
import { generatedSecretValues, OAuthEnvError, placeholderSecretValues } from './secrets';
import { SourceUnknown, resolveSource } from './source';

const DRY_RUN_CONTEXT = 'minikube';

// Commands name files relative to the repository root (argocd/…), wherever this is started from.
const REPO_ROOT = resolve(__dirname, '../../..');

/** Reads only (the kube context, the git remote and branch): safe in a dry run too. */
const run: Run = async (argv) => {
  try {
    return await runCommand(argv, { cwd: REPO_ROOT });
  } catch (error) {
    if (!(error instanceof ProgramNotFound)) throw error;
    if (argv[0] === 'kubectl')
      throw new StepFailed('kubectl is not on PATH; install it: https://kubernetes.io/docs/tasks/tools/');
    // No git: the caller asks for the option that stands in for what git would have said.
    return { code: 127, stdout: '', stderr: error.message };
  }
};

async function planInput(options: BootstrapOptions, env: NodeJS.ProcessEnv): Promise<PlanInput> {
  const values = (options.dryRun ? placeholderSecretValues : generatedSecretValues)(env);
  const context = await chooseContext(options.context, run).catch((error: unknown) => {
    // A dry run needs no cluster: without one it shows the context a fresh `minikube start` sets.
    if (!options.dryRun || !(error instanceof NoCurrentContext || error instanceof StepFailed)) throw error;
    console.error(`warning: ${(error as Error).message}; the plan shows --context ${DRY_RUN_CONTEXT}`);
    return DRY_RUN_CONTEXT;
  });
  const base = {
    values,
    context,
    environment: options.environment,
    repoRoot: REPO_ROOT,
    components: options.components,
  };
  if (options.direct) return base;
  const source = await resolveSource(options, run);
  // The token comes from the environment, so it shows neither in ps nor in the shell's history.
  const token = env.REPO_TOKEN;
  const credential = token
    ? { username: env.REPO_USERNAME || 'git', token: { real: token, shown: '<from REPO_TOKEN>' } }
    : undefined;
  return { ...base, gitops: { source, credential } };
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const input = await planInput(options, process.env);
  const steps = buildPlan(input);
  if (!input.values.oauthConfigured) {
    console.error(
      'warning: OAUTH_CLIENT_ID and OAUTH_CLIENT_SECRET are not set: oauth-client gets empty values and ' +
        'social login stays off (the development login works on minikube)',
    );
  }
  const path = input.gitops ? 'Argo CD' : 'direct (kubectl, no Argo CD)';
  if (options.dryRun) {
    console.log(
      `# bootstrap-cluster: ${steps.length} steps, ${path}, context ${input.context} (dry run: nothing is run)`,
    );
    console.log([...formatPlan(steps), '', ...howToReach(options)].join('\n'));
    return 0;
  }
  await runPlan(steps, { cwd: REPO_ROOT, write: (text) => process.stdout.write(text) });
  console.log(['', `Delinkcious is deployed (${path}).`, ...howToReach(options)].join('\n'));
  return 0;
}

const USAGE_ERRORS = [UsageError, OAuthEnvError, ContextRefused, SourceUnknown];

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const usage = USAGE_ERRORS.some((kind) => error instanceof kind);
    const known = usage || error instanceof StepFailed;
    console.error(`bootstrap-cluster: ${known ? (error as Error).message : String(error)}`);
    process.exit(usage ? 2 : 1);
  },
);
