import { HELM_TIMEOUT, type PinnedChart } from './charts';
import type { Step } from './step';

/** `helm upgrade --install` of a pinned chart on the plan's kube context, waiting until it is up. */
export function helmInstall(title: string, chart: PinnedChart, context: string, extra: string[]): Step {
  return {
    title: `${title} (${chart.chart} ${chart.version})`,
    command: [
      'helm',
      'upgrade',
      '--install',
      chart.release,
      chart.chart,
      '--kube-context',
      context,
      '--namespace',
      chart.namespace,
      '--create-namespace',
      '--version',
      chart.version,
      ...extra,
      '--wait',
      '--timeout',
      HELM_TIMEOUT,
    ],
    slow: true,
  };
}
