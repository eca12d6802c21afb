import { OVERLAYS, generatedConfigMap, named, renderOverlay, type K8sObject } from './manifests';
import { podSpec, workloads, type Container } from './workloads';

/** `probed`: a long-running container; a Job's runs to completion under a deadline instead. */
function containerProblems(container: Container, probed: boolean): string[] {
  const problems: string[] = [];
  const security = container.securityContext ?? {};
  if (security.runAsNonRoot !== true) problems.push('runAsNonRoot is not true');
  if (security.allowPrivilegeEscalation !== false) problems.push('allowPrivilegeEscalation is not false');
  if (security.readOnlyRootFilesystem !== true) problems.push('readOnlyRootFilesystem is not true');
  if (!security.capabilities?.drop?.includes('ALL')) problems.push('capabilities do not drop ALL');
  if (security.capabilities?.add?.length) problems.push('capabilities are added');
  for (const kind of ['requests', 'limits'] as const)
    for (const resource of ['cpu', 'memory'])
      if (!container.resources?.[kind]?.[resource]) problems.push(`no ${resource} ${kind}`);
  if (probed && !container.readinessProbe) problems.push('no readiness probe');
  if (probed && !container.livenessProbe) problems.push('no liveness probe');
  // A tag pinned by the overlay, never an implicit or explicit "latest".
  if (!/:[^:/]+$/.test(container.image) || container.image.endsWith(':latest'))
    problems.push(`image ${container.image} is not pinned`);
  return problems.map((problem) => `${container.name}: ${problem}`);
}

/** A job never overlaps itself, never runs unbounded, and never retries forever. */
function cronJobProblems(cronJob: K8sObject): string[] {
  const spec = cronJob.spec as {
    concurrencyPolicy?: string;
    jobTemplate: { spec: { activeDeadlineSeconds?: number; backoffLimit?: number } };
  };
  const problems: string[] = [];
  if (spec.concurrencyPolicy !== 'Forbid') problems.push('job: runs may overlap');
  if (!spec.jobTemplate.spec.activeDeadlineSeconds) problems.push('job: no deadline');
  if (spec.jobTemplate.spec.backoffLimit === undefined) problems.push('job: no backoff limit');
  return problems;
}

describe.each(OVERLAYS)('hardening of every workload in overlay %s', (overlay) => {
  const objects = renderOverlay(overlay);

  it.each(workloads(objects).map((workload) => [`${workload.kind}/${workload.metadata.name}`, workload]))(
    '%s',
    (_name, workload) => {
      const pod = podSpec(workload);
      const problems: string[] = [];
      if (pod.securityContext?.runAsNonRoot !== true) problems.push('pod: runAsNonRoot is not true');
      if (!pod.securityContext?.runAsUser) problems.push('pod: no non-root runAsUser');
      if (pod.securityContext?.seccompProfile?.type !== 'RuntimeDefault')
        problems.push('pod: seccomp is not RuntimeDefault');
      if (pod.automountServiceAccountToken !== false)
        problems.push('pod: the service account token is mounted');
      // Its own ServiceAccount, with automount off there too.
      const account = named(objects, 'ServiceAccount', pod.serviceAccountName ?? 'default');
      if (account.metadata.name !== workload.metadata.name) problems.push('pod: shares a service account');
      if (account.automountServiceAccountToken !== false)
        problems.push('service account: token automount is on');
      for (const container of pod.initContainers ?? []) problems.push(...containerProblems(container, false));
      const isJob = workload.kind === 'CronJob';
      for (const container of pod.containers) problems.push(...containerProblems(container, !isJob));
      if (isJob) problems.push(...cronJobProblems(workload));
      expect(problems).toEqual([]);
    },
  );
});

describe('what each overlay runs', () => {
  const replicas = (overlay: (typeof OVERLAYS)[number]) =>
    Object.fromEntries(
      workloads(renderOverlay(overlay))
        .filter((w) => w.kind !== 'CronJob')
        .map((w) => [w.metadata.name, (w.spec as { replicas: number }).replicas]),
    );

  it('minikube: one replica of everything, no autoscalers or disruption budgets', () => {
    const objects = renderOverlay('minikube');
    expect(new Set(Object.values(replicas('minikube')))).toEqual(new Set([1]));
    expect(
      objects.filter((o) => ['HorizontalPodAutoscaler', 'PodDisruptionBudget'].includes(o.kind)),
    ).toEqual([]);
  });

  it('production: every service autoscaled from two replicas with a disruption budget, NATS a cluster of three', () => {
    const objects = renderOverlay('production');
    // The services (their own images); the collector and Jaeger keep one replica.
    const services = objects.filter(
      (o) => o.kind === 'Deployment' && podSpec(o).containers[0].image.startsWith('delinkcious/'),
    );
    for (const deployment of services) {
      const name = deployment.metadata.name;
      const hpa = named(objects, 'HorizontalPodAutoscaler', name).spec as {
        minReplicas: number;
        scaleTargetRef: { kind: string; name: string };
      };
      expect([name, hpa.minReplicas >= 2, hpa.scaleTargetRef]).toEqual([
        name,
        true,
        expect.objectContaining({ kind: 'Deployment', name }),
      ]);
      expect(named(objects, 'PodDisruptionBudget', name).spec).toEqual(
        expect.objectContaining({ minAvailable: 1 }),
      );
    }
    expect(replicas('production').nats).toBe(3);
    expect(generatedConfigMap(objects, 'nats-config').data?.['nats.conf']).toMatch(
      /nats-2\.nats-headless:6222/,
    );
  });

  it.each(OVERLAYS)(
    '%s: every service keeps as many copies of each stream as there are NATS servers',
    (overlay) => {
      const objects = renderOverlay(overlay);
      const copies = objects
        .filter((o) => o.kind === 'ConfigMap' && o.data?.NATS_URL)
        .map((o) => [o.metadata.name, Number(o.data?.NATS_STREAM_REPLICAS)]);
      expect(copies.length).toBe(3);
      expect(copies).toEqual(copies.map(([name]) => [name, replicas(overlay).nats]));
    },
  );
});
