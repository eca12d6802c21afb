/**
 * Prepares a Kubernetes cluster (minikube) for Delinkcious and hands it to Argo CD:
 * checks the tools, installs Argo CD and the monitoring CRDs with Helm, creates the
 * namespace and the Secrets (never overwriting existing ones), applies the Argo CD
 * project and root application, and waits for the gateway to roll out.
 * Usage: `node dist/cmd/bootstrap-cluster/main.js [--dry-run]`. The Argo CD
 * applications follow the repository and branch named in argocd/ (a fork edits those files).
 */
import { resolve } from 'node:path';
import { howToReach } from './how-to-reach';
import { parseOptions, UsageError, USAGE } from './options';
import { buildPlan } from './plan';
import { formatPlan, runPlan, StepFailed } from './runner';
import { generatedSecretValues, OAuthEnvError, placeholderSecretValues } from './secrets';

// Commands name files relative to the repository root (argocd/…), wherever this is started from.
const REPO_ROOT = resolve(__dirname, '../../..');

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const values = (options.dryRun ? placeholderSecretValues : generatedSecretValues)(process.env);
  const steps = buildPlan(values, options.components);
  if (!values.oauthConfigured) {
    console.error(
      'warning: OAUTH_CLIENT_ID and OAUTH_CLIENT_SECRET are not set: oauth-client gets empty values and ' +
        'social login stays off (the development login works on minikube)',
    );
  }
  if (options.dryRun) {
    console.log(`# bootstrap-cluster: ${steps.length} steps (dry run: nothing is run)`);
    console.log([...formatPlan(steps), '', ...howToReach()].join('\n'));
    return 0;
  }
  await runPlan(steps, { cwd: REPO_ROOT, write: (text) => process.stdout.write(text) });
  console.log(['', 'Delinkcious is deployed.', ...howToReach()].join('\n'));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known =
      error instanceof UsageError || error instanceof StepFailed || error instanceof OAuthEnvError;
    console.error(`bootstrap-cluster: ${known ? (error as Error).message : String(error)}`);
    process.exit(error instanceof UsageError || error instanceof OAuthEnvError ? 2 : 1);
  },
);
