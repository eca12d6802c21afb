import {
  APP,
  allowPolicies,
  allowedEdges,
  backend,
  clusterApps,
  policySpec,
  realCalls,
  type ServicePort,
} from './call-graph';
import { OVERLAYS, named, ofKind, renderOverlay, type K8sObject } from './manifests';
import { appName, workloads } from './workloads';

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
        'api-gateway-service -> gateway-redis:6379',
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
