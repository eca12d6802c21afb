import type { Source } from './argocd';
import type { Run } from './context-guard';

export class SourceUnknown extends Error {}

/**
 * The repository and revision Argo CD follows: --repo-url and --revision, or else this
 * checkout's `origin` remote and current branch (what a fork's developer has pushed).
 */
export async function resolveSource(
  given: { repoUrl?: string; revision?: string },
  run: Run,
): Promise<Source> {
  const ask = async (argv: string[], option: string): Promise<string> => {
    const result = await run(argv);
    const value = result.stdout.trim();
    if (result.code !== 0 || !value || value === 'HEAD')
      throw new SourceUnknown(`cannot tell from git (${argv.slice(1).join(' ')}); give ${option}`);
    return value;
  };
  return {
    repoUrl: given.repoUrl ?? httpsUrl(await ask(['git', 'remote', 'get-url', 'origin'], '--repo-url URL')),
    revision: given.revision ?? (await ask(['git', 'rev-parse', '--abbrev-ref', 'HEAD'], '--revision REV')),
  };
}

/**
 * A checkout cloned over SSH (`git@github.com:me/fork.git`) names a URL Argo CD could read
 * only with an SSH key; the same repository over https needs none when it is public (and
 * REPO_TOKEN when it is not).
 */
export function httpsUrl(url: string): string {
  const scp = /^[\w.-]+@([^:/]+):(?!\/)(.+)$/.exec(url);
  if (scp) return `https://${scp[1]}/${scp[2]}`;
  const ssh = /^ssh:\/\/[\w.-]+@([^/:]+)(?::\d+)?\/(.+)$/.exec(url);
  if (ssh) return `https://${ssh[1]}/${ssh[2]}`;
  return url;
}
