import { join } from 'node:path';
import { allowedEdges, realCalls } from './call-graph';
import { renderWith } from './compose';
import { OVERLAYS, named, ofKind, piecesOf, type K8sObject } from './manifests';
import { schemaError } from './schemas';
import { appName, podLabels, workloads } from './workloads';

const ISTIO = join('k8s', 'components', 'istio');
const ROLLOUTS = join('k8s', 'components', 'argo-rollouts');
const MESH_PRINCIPAL = /^cluster\.local\/ns\/delinkcious\/sa\/(.+)$/;

interface AuthorizationRule {
  from?: Array<{ source: { principals?: string[] } }>;
  to?: Array<{ operation: { ports?: string[] } }>;
}

/** The whole overlay with the mesh switched on, as each piece's kustomization would list it. */
function meshOverlay(overlay: string): K8sObject[] {
  const pieces = piecesOf(overlay as (typeof OVERLAYS)[number]);
  expect(pieces).toEqual(expect.arrayContaining(['platform', 'link-service']));
  return renderWith(join('k8s', 'overlays', overlay), [
    join(ISTIO, 'mesh'),
    join(ISTIO, 'stores'),
    join(ISTIO, 'link-canary'),
  ]);
}

/** Apps whose pods get a sidecar: all but those annotated out (NATS, CloudNativePG instances). */
function meshApps(objects: K8sObject[]): Set<string> {
  const out = new Set<string>();
  for (const workload of workloads(objects)) {
    const annotations = (
      workload.spec as { template?: { metadata?: { annotations?: Record<string, string> } } }
    ).template?.metadata?.annotations;
    if (annotations?.['sidecar.istio.io/inject'] === 'false') out.add(appName(workload));
  }
  for (const cluster of ofKind(objects, 'Cluster')) {
    const { labels, annotations } = (
      cluster.spec as {
        inheritedMetadata: { labels: Record<string, string>; annotations?: Record<string, string> };
      }
    ).inheritedMetadata;
    if (annotations?.['sidecar.istio.io/inject'] === 'false') out.add(labels['app.kubernetes.io/name']);
  }
  return new Set(
    workloads(objects)
      .map(appName)
      .filter((app) => !out.has(app)),
  );
}

/** Edges the authorization policies allow between identities of the namespace. */
function authorizedEdges(objects: K8sObject[]): string[] {
  const appOfAccount = new Map(
    workloads(objects).map((w) => [
      (w.spec as { template?: { spec: { serviceAccountName: string } } }).template?.spec.serviceAccountName ??
        w.metadata.name,
      podLabels(w)['app.kubernetes.io/name'],
    ]),
  );
  const edges: string[] = [];
  for (const policy of ofKind(objects, 'AuthorizationPolicy')) {
    const spec = policy.spec as {
      selector?: { matchLabels: Record<string, string> };
      rules?: AuthorizationRule[];
    };
    const callee = spec.selector?.matchLabels['app.kubernetes.io/name'];
    for (const rule of spec.rules ?? [])
      for (const source of rule.from ?? [])
        for (const principal of source.source.principals ?? []) {
          const account = MESH_PRINCIPAL.exec(principal)?.[1];
          if (!account) continue;
          for (const to of rule.to ?? [])
            for (const port of to.operation.ports ?? [])
              edges.push(`${appOfAccount.get(account) ?? `unknown account ${account}`} -> ${callee}:${port}`);
        }
  }
  return [...new Set(edges)].sort();
}

describe.each(OVERLAYS)('Istio in overlay %s', (overlay) => {
  const objects = meshOverlay(overlay);
  const inMesh = meshApps(objects);
  const toMesh = (edges: string[]) => edges.filter((e) => inMesh.has(e.split(' -> ')[1].split(':')[0]));

  it('every object validates against its schema (Istio models for the mesh objects)', () => {
    const errors = objects.map((o) => [`${o.kind}/${o.metadata.name}`, schemaError(o)]).filter(([, e]) => e);
    expect(errors).toEqual([]);
    expect(
      schemaError({
        ...named(objects, 'PeerAuthentication', 'default'),
        spec: { mtls: { mode: 'SOMETIMES' } },
      }),
    ).toBeDefined();
  });

  it('authorizes exactly the call graph the NetworkPolicies allow, for every callee with a sidecar', () => {
    // A policy for pods without a sidecar (CloudNativePG's, in production) is inert: left out.
    const authorized = toMesh(authorizedEdges(objects));
    expect(authorized.length).toBeGreaterThan(10);
    expect(authorized).toEqual(toMesh(allowedEdges(objects, 'ingress')));
    expect(authorized).toEqual(toMesh(realCalls(objects)));
  });

  it('denies by default, mutual TLS only but on the public port the ingress controller calls', () => {
    const policies = ofKind(objects, 'AuthorizationPolicy');
    expect(
      policies.filter((p) => Object.keys(p.spec ?? {}).length === 0).map((p) => p.metadata.name),
    ).toEqual(['allow-nothing']);
    expect(named(objects, 'PeerAuthentication', 'default').spec).toEqual({ mtls: { mode: 'STRICT' } });
    expect(named(objects, 'PeerAuthentication', 'api-gateway-service').spec).toEqual(
      expect.objectContaining({ portLevelMtls: { '5000': { mode: 'PERMISSIVE' } } }),
    );
    expect(named(objects, 'Namespace', 'delinkcious').metadata.labels).toEqual(
      expect.objectContaining({
        'istio-injection': 'enabled',
        'pod-security.kubernetes.io/enforce': 'restricted',
      }),
    );
  });

  it('handles the stores explicitly: Postgres and Redis ports as TCP in the mesh, NATS and CloudNativePG outside', () => {
    expect(inMesh.has('nats')).toBe(false);
    for (const name of [
      'news-redis',
      'gateway-redis',
      'nats',
      ...(overlay === 'minikube' ? ['link-db', 'user-db'] : []),
    ])
      expect([
        name,
        (named(objects, 'Service', name).spec as { ports: Array<{ appProtocol?: string }> }).ports[0]
          .appProtocol,
      ]).toEqual([name, 'tcp']);
    if (overlay === 'production') expect(inMesh.has('link-db')).toBe(false);
    else expect(inMesh.has('link-db')).toBe(true);
  });

  it('names the OAuth provider the gateway calls in a ServiceEntry', () => {
    const entry = named(objects, 'ServiceEntry', 'oauth-provider').spec as {
      hosts: string[];
      ports: Array<{ number: number }>;
    };
    expect(entry.hosts).toContain('github.com');
    expect(entry.ports.map((p) => p.number)).toEqual([443]);
  });

  it('routes the link service by weight between a stable and a canary subset, which a Rollout can steer', () => {
    const route = (
      named(objects, 'VirtualService', 'link-service').spec as {
        http: Array<{ name: string; route: Array<{ destination: { subset: string }; weight: number }> }>;
      }
    ).http[0];
    expect(route.route.map((r) => [r.destination.subset, r.weight])).toEqual([
      ['stable', 100],
      ['canary', 0],
    ]);
    const rolled = renderWith(join('k8s', 'overlays', overlay, 'link-service'), [
      join(ROLLOUTS, 'canary'),
      join(ISTIO, 'link-canary'),
    ]);
    const routing = (
      named(rolled, 'Rollout', 'link-service').spec as {
        strategy: {
          canary: { trafficRouting: { istio: { virtualService: { name: string; routes: string[] } } } };
        };
      }
    ).strategy.canary.trafficRouting.istio;
    expect(routing.virtualService).toEqual({ name: 'link-service', routes: [route.name] });
    expect(rolled.map((o) => [o.kind, schemaError(o)]).filter(([, e]) => e)).toEqual([]);
  });
});
