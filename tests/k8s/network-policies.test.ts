import { OVERLAYS, named, ofKind, renderOverlay, type K8sObject } from './manifests';
import { appName, podLabels, podSpec, workloads } from './workloads';

interface Peer {
  podSelector?: { matchLabels?: Record<string, string> };
  namespaceSelector?: { matchLabels?: Record<string, string> };
  ipBlock?: { cidr: string; except?: string[] };
}
interface Rule {
  from?: Peer[];
  to?: Peer[];
  ports?: Array<{ port: number; protocol?: string }>;
}
interface PolicySpec {
  podSelector: { matchLabels?: Record<string, string> };
  policyTypes: string[];
  ingress?: Rule[];
  egress?: Rule[];
}
interface ServicePort {
  name: string;
  port: number;
  targetPort: string | number;
}

const APP = 'app.kubernetes.io/name';
const policySpec = (policy: K8sObject) => policy.spec as unknown as PolicySpec;
const edge = (from: string, to: string, port: number) => `${from} -> ${to}:${port}`;

/** Where a Service sends traffic: the workload it selects and the container port behind a Service port. */
function backend(objects: K8sObject[], serviceName: string, port: number): string | undefined {
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
function clusterApps(objects: K8sObject[]): string[] {
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
function databaseBackend(objects: K8sObject[], secretName: string): string | undefined {
  const cluster = ofKind(objects, 'Cluster').find((c) => `${c.metadata.name}-app` === secretName);
  if (cluster) return `${clusterApps([cluster])[0]}:5432`;
  return backend(objects, secretName.replace(/-credentials$/, ''), 5432);
}

/** The calls the services really make: every address in their configuration, and their databases. */
function realCalls(objects: K8sObject[]): string[] {
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
  if (/routes:/.test(named(objects, 'ConfigMap', 'nats-config').data!['nats.conf']))
    calls.add(edge('nats', 'nats', 6222));
  return [...calls].sort();
}

function allowPolicies(objects: K8sObject[]): Array<{ app: string; spec: PolicySpec }> {
  return ofKind(objects, 'NetworkPolicy')
    .map((policy) => ({
      app: policySpec(policy).podSelector.matchLabels?.[APP] ?? '',
      spec: policySpec(policy),
    }))
    .filter((policy) => policy.app);
}

/** In-namespace edges the policies allow, seen from one side: egress of the caller or ingress of the callee. */
function allowedEdges(objects: K8sObject[], side: 'egress' | 'ingress'): string[] {
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

/** Rules that reach outside the namespace: other namespaces or the internet. */
function outsideRules(objects: K8sObject[]): string[] {
  const rules: string[] = [];
  for (const { app, spec } of allowPolicies(objects))
    for (const side of ['ingress', 'egress'] as const)
      for (const rule of spec[side] ?? [])
        for (const peer of (side === 'egress' ? rule.to : rule.from) ?? []) {
          const where = peer.ipBlock
            ? `internet${peer.ipBlock.except?.includes('10.0.0.0/8') ? '' : ' INCLUDING PRIVATE RANGES'}`
            : peer.namespaceSelector
              ? `${peer.namespaceSelector.matchLabels?.['kubernetes.io/metadata.name']}/${peer.podSelector?.matchLabels?.[APP] ?? '*'}`
              : undefined;
          if (where)
            for (const { port } of rule.ports ?? [])
              rules.push(side === 'egress' ? `${app} -> ${where}:${port}` : `${where} -> ${app}:${port}`);
        }
  return rules.sort();
}

describe.each(OVERLAYS)('network policies of overlay %s', (overlay) => {
  const objects = renderOverlay(overlay);
  const calls = realCalls(objects);

  it('found the calls of the service graph in the configuration', () => {
    expect(calls).toEqual(
      expect.arrayContaining([
        'api-gateway-service -> news-service:6060',
        'news-service -> social-graph-service:9090',
        'link-service -> link-db:5432',
        'link-checker -> nats:4222',
      ]),
    );
  });

  it('every real call has an egress rule at the caller, and every egress rule is a real call', () => {
    expect(allowedEdges(objects, 'egress')).toEqual(calls);
  });

  it('every real call has an ingress rule at the callee, and every ingress rule is a real call', () => {
    expect(allowedEdges(objects, 'ingress')).toEqual(calls);
  });

  it('denies everything else by default, and lets every pod resolve names', () => {
    const everyPod = ofKind(objects, 'NetworkPolicy').filter(
      (p) => Object.keys(policySpec(p).podSelector.matchLabels ?? {}).length === 0,
    );
    const deny = everyPod.find((p) => !policySpec(p).ingress && !policySpec(p).egress);
    expect(policySpec(deny!).policyTypes.sort()).toEqual(['Egress', 'Ingress']);
    const dns = policySpec(everyPod.find((p) => policySpec(p).egress)!);
    expect(dns.egress).toEqual([
      expect.objectContaining({
        ports: [
          { port: 53, protocol: 'UDP' },
          { port: 53, protocol: 'TCP' },
        ],
      }),
    ]);
  });

  it('reaches outside the namespace only from the ingress controller, Prometheus, and to the internet where needed', () => {
    const monitored = ofKind(objects, 'ServiceMonitor').map((monitor) => {
      const spec = monitor.spec as {
        selector: { matchLabels: Record<string, string> };
        endpoints: Array<{ port: string }>;
      };
      const service = named(objects, 'Service', spec.selector.matchLabels[APP]);
      const port = (service.spec as { ports: ServicePort[] }).ports.find(
        (p) => p.name === spec.endpoints[0].port,
      )!;
      return `monitoring/prometheus -> ${backend(objects, service.metadata.name, port.port)}`;
    });
    const ingress = named(objects, 'Ingress', 'api-gateway-service').spec as {
      rules: Array<{ http: { paths: Array<{ backend: { service: { name: string } } }> } }>;
    };
    const exposed = ingress.rules[0].http.paths[0].backend.service.name;
    const exposedPort = (named(objects, 'Service', exposed).spec as { ports: ServicePort[] }).ports[0].port;
    expect(outsideRules(objects)).toEqual(
      [
        ...monitored,
        `ingress-nginx/* -> ${backend(objects, exposed, exposedPort)}`,
        // The OAuth2 provider (GitHub) over HTTPS.
        'api-gateway-service -> internet:443',
        // The links being checked; never private addresses.
        'link-checker -> internet:80',
        'link-checker -> internet:443',
        // CloudNativePG: the operator reaches its instances; they reach the Kubernetes API
        // (a private address on most clusters) and the backup bucket.
        ...clusterApps(objects).flatMap((app) => [
          `cnpg-system/cloudnative-pg -> ${app}:8000`,
          `cnpg-system/cloudnative-pg -> ${app}:5432`,
          `${app} -> internet INCLUDING PRIVATE RANGES:443`,
          `${app} -> internet INCLUDING PRIVATE RANGES:6443`,
        ]),
      ].sort(),
    );
  });

  it('gives every workload its own allow policy', () => {
    const apps = [...workloads(objects).map(appName), ...clusterApps(objects)].sort();
    const withPolicy = allowPolicies(objects)
      .map((p) => p.app)
      .filter((app, index, all) => all.indexOf(app) === index)
      .sort();
    expect(withPolicy).toEqual(apps);
  });
});
