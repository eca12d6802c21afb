import { parseArgs } from 'node:util';
import { ENVIRONMENTS, type Environment } from './argocd';
import { parseComponents, UnknownComponentError, type ComponentName } from './components';

export const USAGE =
  'usage: bootstrap-cluster [--dry-run] [--direct] [--environment minikube|production] ' +
  '[--repo-url URL] [--revision REV] [--context NAME] [--with argo-rollouts,istio,cloudnative-pg,logging]';

export class UsageError extends Error {}

export interface BootstrapOptions {
  dryRun: boolean;
  /** Apply the overlay with kubectl, wave by wave, instead of handing the cluster to Argo CD. */
  direct: boolean;
  environment: Environment;
  repoUrl?: string;
  revision?: string;
  context?: string;
  help: boolean;
  /** Optional components whose prerequisites to install (components.ts). */
  components: ComponentName[];
}

export function parseOptions(argv: string[]): BootstrapOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'dry-run': { type: 'boolean', default: false },
        direct: { type: 'boolean', default: false },
        environment: { type: 'string', default: 'minikube' },
        'repo-url': { type: 'string' },
        revision: { type: 'string' },
        context: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        with: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]}; ${USAGE}`);
  }
  const environment = values.environment as Environment;
  if (!ENVIRONMENTS.includes(environment))
    throw new UsageError(`--environment must be one of ${ENVIRONMENTS.join(', ')}; ${USAGE}`);
  if (values.direct && (values['repo-url'] || values.revision))
    throw new UsageError(`--direct applies this checkout: it takes no --repo-url or --revision; ${USAGE}`);
  let components: ComponentName[];
  try {
    components = parseComponents(values.with);
  } catch (error) {
    if (error instanceof UnknownComponentError) throw new UsageError(`${error.message}; ${USAGE}`);
    throw error;
  }
  return {
    dryRun: values['dry-run'],
    direct: values.direct,
    environment,
    repoUrl: values['repo-url'],
    revision: values.revision,
    context: values.context,
    help: values.help,
    components,
  };
}
