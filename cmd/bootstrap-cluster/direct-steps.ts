import { join } from 'node:path';
import { childApplications, syncWaves, type Environment } from './argocd';
import { pieceWorkloads, type Workload } from './piece-workloads';
import { readyStep, rolloutStep, type Kubectl, type Step } from './step';

/** kubectl applies each piece of the overlay, wave by wave in Argo CD's order, and waits for each wave. */
export function directSteps(input: { repoRoot: string; environment: Environment }, kubectl: Kubectl): Step[] {
  return syncWaves(childApplications(input.repoRoot, input.environment)).flatMap((wave) => [
    ...wave.map((piece) => ({
      title: `wave ${piece.wave}: applying ${piece.path}`,
      command: kubectl('apply', '-k', piece.path),
    })),
    ...wave
      .flatMap((piece) => pieceWorkloads(join(input.repoRoot, piece.path)))
      .map((workload) => waitStep(workload, kubectl)),
  ]);
}

function waitStep(workload: Workload, kubectl: Kubectl): Step {
  return workload.wait === 'rollout' ? rolloutStep(workload.ref, kubectl) : readyStep(workload.ref, kubectl);
}
