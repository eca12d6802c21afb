import { parseArgs } from 'node:util';

export const USAGE = 'usage: bootstrap-cluster [--dry-run] [--repo-url URL] [--revision REVISION]';

export class UsageError extends Error {}

export interface BootstrapOptions {
  dryRun: boolean;
  help: boolean;
  repoUrl?: string;
  revision?: string;
}

export function parseOptions(argv: string[]): BootstrapOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        'repo-url': { type: 'string' },
        revision: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]}; ${USAGE}`);
  }
  const repoUrl = values['repo-url'];
  if (repoUrl !== undefined && !/^(https?:\/\/|ssh:\/\/|git@)\S+$/.test(repoUrl)) {
    throw new UsageError(`--repo-url "${repoUrl}" is not a git URL (https://…, ssh://… or git@…); ${USAGE}`);
  }
  const revision = values.revision;
  if (revision !== undefined && !/^[^\s]+$/.test(revision)) {
    throw new UsageError(`--revision must be a branch, tag or commit; ${USAGE}`);
  }
  return { dryRun: values['dry-run'], help: values.help, repoUrl, revision };
}
