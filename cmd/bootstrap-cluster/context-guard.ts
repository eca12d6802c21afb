import type { CommandResult } from './run-command';

/** Runs a command and returns its result: the real runner, or a fake in tests. */
export type Run = (argv: string[]) => Promise<CommandResult>;

/** Contexts of local clusters: minikube's, and kind's (`kind-<cluster>`). */
const LOCAL_CONTEXT = /^(minikube|kind-.+)$/;

/** The kube context is not one the bootstrap may install into. */
export class ContextRefused extends Error {}

/** kubectl names no current context (no cluster started yet). */
export class NoCurrentContext extends ContextRefused {}

/**
 * The kube context every command of the plan is pinned to. Without --context, only a local
 * cluster's current context is accepted, so the bootstrap never installs into whatever
 * cluster kubectl happens to point at; --context NAME is the deliberate choice of another.
 */
export async function chooseContext(requested: string | undefined, run: Run): Promise<string> {
  if (requested) return requested;
  const current = await run(['kubectl', 'config', 'current-context']);
  const name = current.stdout.trim();
  if (current.code !== 0 || !name)
    throw new NoCurrentContext('kubectl has no current context: start minikube, or give --context NAME');
  if (!LOCAL_CONTEXT.test(name))
    throw new ContextRefused(
      `the current kube context "${name}" is not minikube or kind; to install into it anyway, give --context ${name}`,
    );
  return name;
}

/** minikube names its context after its profile; the addons are enabled on that profile. */
export function isMinikube(context: string): boolean {
  return context === 'minikube';
}
