import { parseArgs } from 'node:util';
import { parseComponents, UnknownComponentError, type ComponentName } from './components';

export const USAGE =
  'usage: bootstrap-cluster [--dry-run] [--with argo-rollouts,istio,cloudnative-pg,logging]';

export class UsageError extends Error {}

export interface BootstrapOptions {
  dryRun: boolean;
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
        help: { type: 'boolean', short: 'h', default: false },
        with: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]}; ${USAGE}`);
  }
  try {
    return { dryRun: values['dry-run'], help: values.help, components: parseComponents(values.with) };
  } catch (error) {
    if (error instanceof UnknownComponentError) throw new UsageError(`${error.message}; ${USAGE}`);
    throw error;
  }
}
