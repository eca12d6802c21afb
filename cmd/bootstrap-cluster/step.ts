import type { Arg, Argv } from './command-line';
import { APP_NAMESPACE } from './secrets';

/** One step of the bootstrap: a command, or two joined by a pipe. */
export interface Step {
  title: string;
  command: Argv;
  /** Gets the stdout of `command` on its stdin: a shell pipe, without a shell. */
  pipeTo?: Argv;
  /** Text given to `command` on its stdin (a manifest for `kubectl apply -f -`). */
  stdin?: Arg;
  /** When this command succeeds the step is skipped and reported as kept. */
  keepIf?: Argv;
  /** Set on the tool checks: where to get the tool when it is missing. */
  installHint?: string;
  /** Waits that take minutes print a dot now and then. */
  slow?: boolean;
  /** What the step leads to, printed under it in a dry run. */
  notes?: string[];
}

/** kubectl pinned to the plan's kube context. */
export type Kubectl = (...args: string[]) => string[];

export function rolloutStep(workload: string, kubectl: Kubectl): Step {
  return {
    title: `waiting for ${workload} to roll out (up to 10 min)`,
    command: kubectl('-n', APP_NAMESPACE, 'rollout', 'status', workload, '--timeout=600s'),
    slow: true,
  };
}

/** For objects an operator runs (a CloudNativePG Cluster): its Ready condition. */
export function readyStep(object: string, kubectl: Kubectl): Step {
  return {
    title: `waiting for ${object} to be ready (up to 10 min)`,
    command: kubectl('-n', APP_NAMESPACE, 'wait', '--for=condition=Ready', object, '--timeout=600s'),
    slow: true,
  };
}
