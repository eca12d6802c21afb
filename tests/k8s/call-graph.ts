import { generatedConfigMap, named, ofKind, type K8sObject } from './manifests';
import { appName, podLabels, podSpec, workloads } from './workloads';

/*
 * The service graph as the configuration makes it (realCalls), and as the NetworkPolicies
 * allow it (allowedEdges): tests/k8s/network-policies.test.ts holds the two equal, and
 * tests/k8s/istio.test.ts the Istio authorization policies to both.
 */
export interface Peer {
  podSelector?: { matchLabels?: Record<string, string> };
  namespaceSelector?: { matchLabels?: Record<string, string> };
  ipBlock?: { cidr: string; except?: string[] };
}
export interface Rule {
  from?: Peer[];
  to?: Peer[];
  ports?: Array<{ port: number; protocol?: string }>;
}
export interface PolicySpec {
  podSelector: { matchLabels?: Record<string, string> };
  policyTypes: string[];
  ingress?: Rule[];
  egress?: Rule[];
}
export interface ServicePort {
  name: string;
  port: number;
  targetPort: string | number;
}

export const APP = 'app.kubernetes.io/name';
export const policySpec = (policy: K8sObject) => policy.spec as unknown as PolicySpec;
export const edge = (from: string, to: string, port: number) => `${from} -> ${to}:${port}`;

/** Where a Service sends traffic: the workload it selects and the container port behind a Service port. */
export function backend(objects: K8sObject[], serviceName: string, port: number): string | undefined {
  const service = objects.find((o) => o.kind === 'Service' && o.metadata.name === serviceName);
  if (!service) return undefined;
  const spec = service.spec as { selector: Record<string, string>; ports: ServicePort[] };
  const workload = workloads(objects).find((w) =>
    Object.entries(spec.selector).every(([key, value]) => podLabels(w)[key] === value),
  )!;
  const servicePort = spec.ports.find((p) => p.port === port)!;
  const target = servicePort.targetPort;
  const containerPort =
    typeof target === 'number'
      ? target
      : podSpec(workload)
          .containers.flatMap((c) => c.ports ?? [])
          .find((p) => p.name === target)!.containerPort;
  return `${appName(workload)}:${containerPort}`;
}

/** A CloudNativePG Cluster's pods carry its inherited labels; the network policies select by them. */
export function clusterApps(objects: K8sObject[]): string[] {
  return ofKind(objects, 'Cluster').map(
    (cluster) =>
      (cluster.spec as { inheritedMetadata: { labels: Record<string, string> } }).inheritedMetadata.labels[
        APP
      ],
  );
}

/**
 * Where a DATABASE_URL from a Secret points: `<database>-credentials` is made for the
 * Service `<database>`; `<cluster>-app` is made by the CloudNativePG operator for its Cluster.
 */
export function databaseBackend(objects: K8sObject[], secretName: string): string | undefined {
  const cluster = ofKind(objects, 'Cluster').find((c) => `${c.metadata.name}-app` === secretName);
  if (cluster) return `${clusterApps([cluster])[0]}:5432`;
  return backend(objects, secretName.replace(/-credentials$/, ''), 5432);
}

/** The calls the services really make: every address in their configuration, and their databases. */
export function realCalls(objects: K8sObject[]): string[] {
  const calls = new Set<string>();
  for (const deployment of [...ofKind(objects, 'Deployment'), ...ofKind(objects, 'CronJob')]) {
    const source = appName(deployment);
    const container = podSpec(deployment).containers[0];
    const values = (container.envFrom ?? []).flatMap((f) =>
      Object.values(named(objects, 'ConfigMap', f.configMapRef!.name).data ?? {}),
    );
    for (const value of values) {
      const match = /^(?:[a-z]+:\/\/)?([a-z0-9-]+):(\d+)(?:\/.*)?$/.exec(value);
      const target = match && backend(objects, match[1], Number(match[2]));
      if (target) calls.add(`${source} -> ${target}`);
    }
    for (const variable of container.env ?? []) {
      const secret = variable.valueFrom?.secretKeyRef;
      if (variable.name === 'DATABASE_URL' && secret)
        calls.add(`${source} -> ${databaseBackend(objects, secret.name)}`);
    }
  }
  // The instances of a CloudNativePG cluster replicate from each other and ask each other's status.
  for (const app of clusterApps(objects)) {
    calls.add(edge(app, app, 5432));
    calls.add(edge(app, app, 8000));
  }
  // Servers of a NATS cluster call each other on the route port.
  if (/routes:/.test(generatedConfigMap(objects, 'nats-config').data!['nats.conf']))
    calls.add(edge('nats', 'nats', 6222));
  return [...calls].sort();
}

export function allowPolicies(objects: K8sObject[]): Array<{ app: string; spec: PolicySpec }> {
  return ofKind(objects, 'NetworkPolicy')
    .map((policy) => ({
      app: policySpec(policy).podSelector.matchLabels?.[APP] ?? '',
      spec: policySpec(policy),
    }))
    .filter((policy) => policy.app);
}

/** In-namespace edges the policies allow, seen from one side: egress of the caller or ingress of the callee. */
export function allowedEdges(objects: K8sObject[], side: 'egress' | 'ingress'): string[] {
  const edges: string[] = [];
  for (const { app, spec } of allowPolicies(objects))
    for (const rule of spec[side] ?? [])
      for (const peer of (side === 'egress' ? rule.to : rule.from) ?? []) {
        const other = peer.namespaceSelector ? undefined : peer.podSelector?.matchLabels?.[APP];
        if (!other) continue;
        for (const { port } of rule.ports ?? [])
          edges.push(side === 'egress' ? edge(app, other, port) : edge(other, app, port));
      }
  return [...new Set(edges)].sort();
}
