import { parseArgs } from 'node:util';

export const USAGE = 'usage: bootstrap-cluster [--dry-run]';

export class UsageError extends Error {}

export interface BootstrapOptions {
  dryRun: boolean;
  help: boolean;
}

export function parseOptions(argv: string[]): BootstrapOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]}; ${USAGE}`);
  }
  return { dryRun: values['dry-run'], help: values.help };
}
