import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { childApplications, syncWaves, type ChildApplication, type Environment } from './argocd';
import { rolloutStep, type Kubectl, type Step } from './step';

/** Pieces whose overlay holds no workload to wait for (the namespace and its rules). */
const WITHOUT_WORKLOAD = new Set(['platform']);

/** kubectl applies each piece of the overlay, wave by wave in Argo CD's order, and waits for each wave. */
export function directSteps(input: { repoRoot: string; environment: Environment }, kubectl: Kubectl): Step[] {
  return syncWaves(childApplications(input.repoRoot, input.environment)).flatMap((wave) => [
    ...wave.map((piece) => ({
      title: `wave ${piece.wave}: applying ${piece.path}`,
      command: kubectl('apply', '-k', piece.path),
    })),
    ...wave
      .flatMap((piece) => workloadsOf(input.repoRoot, piece))
      .map((workload) => rolloutStep(workload, kubectl)),
  ]);
}

/** A service's piece runs its Deployment; a store's its StatefulSet of the same name. */
function workloadsOf(repoRoot: string, piece: ChildApplication): string[] {
  if (WITHOUT_WORKLOAD.has(piece.name)) return [];
  return [`${existsSync(join(repoRoot, 'svc', piece.name)) ? 'deployment' : 'statefulset'}/${piece.name}`];
}
