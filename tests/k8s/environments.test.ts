import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import {
  OVERLAYS,
  generatedConfigMap,
  named,
  ofKind,
  piecesOf,
  render,
  renderOverlay,
  yamlFiles,
  type K8sObject,
} from './manifests';
import { schemaError } from './schemas';
import { podLabels, podSpec, workloads } from './workloads';

interface Generator {
  name: string;
  envs?: string[];
  files?: string[];
  options?: { disableNameSuffixHash?: boolean };
}

interface Kustomization {
  generatorOptions?: { disableNameSuffixHash?: boolean };
  configMapGenerator?: Generator[];
}

/**
 * Every configMapGenerator of the bases, with the folder its sources are in, and whether
 * kustomize appends the hash of its content to its name.
 */
const generators = yamlFiles('k8s/base')
  .filter((file) => file.endsWith('kustomization.yaml'))
  .flatMap((file) => {
    const kustomization = parse(readFileSync(file, 'utf8')) as Kustomization;
    return (kustomization.configMapGenerator ?? []).map((generator) => ({
      dir: dirname(file),
      generator,
      hashed: !(
        generator.options?.disableNameSuffixHash ?? kustomization.generatorOptions?.disableNameSuffixHash
      ),
    }));
  });
/** The settings of the workloads: hashed names, so a change rolls the pods that read them. */
const hashedGenerators = generators.filter(({ hashed }) => hashed);
/** Fixed names (the Grafana dashboards): read by no workload, found by label. */
const fixedGenerators = generators.filter(({ hashed }) => !hashed);

/** The ConfigMaps a workload reads: from envFrom and from volumes. */
function configMapsOf(workload: K8sObject): string[] {
  const pod = podSpec(workload);
  return [
    ...[...(pod.initContainers ?? []), ...pod.containers].flatMap((c) =>
      (c.envFrom ?? []).flatMap((source) => (source.configMapRef ? [source.configMapRef.name] : [])),
    ),
    ...(pod.volumes ?? []).flatMap((volume) => (volume.configMap ? [volume.configMap.name] : [])),
  ];
}

describe('a configuration change rolls the pods that read it', () => {
  const work = mkdtempSync(join(tmpdir(), 'dlk-config-hash-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('every ConfigMap comes from a generator, and workloads read them by their hashed names', () => {
    expect(hashedGenerators.map(({ generator }) => generator.name).sort()).toEqual(
      expect.arrayContaining(['api-gateway-service-config', 'nats-config', 'otel-collector-pipeline']),
    );
    for (const overlay of OVERLAYS) {
      const objects = renderOverlay(overlay);
      const rendered = ofKind(objects, 'ConfigMap').map((c) => c.metadata.name);
      expect(rendered.sort()).toEqual(
        [
          ...hashedGenerators.map(
            ({ generator }) => generatedConfigMap(objects, generator.name).metadata.name,
          ),
          ...fixedGenerators.map(
            ({ generator }) => named(objects, 'ConfigMap', generator.name).metadata.name,
          ),
        ].sort(),
      );
      const read = workloads(objects).flatMap(configMapsOf);
      for (const name of read) expect(rendered).toContain(name);
      // A ConfigMap some workload reads changes its name with its content; one without a hash is read by none.
      for (const { generator } of fixedGenerators) expect(read).not.toContain(generator.name);
    }
  });

  it('the dashboards keep fixed names, labelled for the Grafana sidecar', () => {
    expect(fixedGenerators.map(({ generator }) => generator.name).sort()).toEqual([
      'delinkcious-dashboard-events',
      'delinkcious-dashboard-services',
    ]);
    for (const overlay of OVERLAYS)
      for (const { generator } of fixedGenerators)
        expect(named(renderOverlay(overlay), 'ConfigMap', generator.name).metadata.labels).toMatchObject({
          grafana_dashboard: '1',
        });
  });

  it.each(hashedGenerators.map(({ dir, generator }) => [generator.name, dir, generator] as const))(
    'changing one setting of %s gives it a new name, and its workload a new pod template',
    (name, dir, generator) => {
      const copy = mkdtempSync(join(work, 'k8s-'));
      cpSync('k8s', join(copy, 'k8s'), { recursive: true });
      const piece = piecesOf('minikube').find((p) =>
        render(`k8s/overlays/minikube/${p}`).some(
          (o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith(`${name}-`),
        ),
      )!;
      const before = render(`k8s/overlays/minikube/${piece}`);

      // One setting changed: the first KEY=value of an env file, or one line added to a file.
      const [source] = [...(generator.envs ?? []), ...(generator.files ?? [])];
      // A file source may name its key: `config.yaml=pipeline.yaml`.
      const file = join(copy, dir, source.replace(/^[^=]*=/, ''));
      const text = readFileSync(file, 'utf8');
      writeFileSync(
        file,
        generator.envs ? text.replace(/^([A-Z0-9_]+)=(.*)$/m, '$1=$2-changed') : `${text}# changed\n`,
      );
      const after = render(join(copy, `k8s/overlays/minikube/${piece}`));

      const oldName = generatedConfigMap(before, name).metadata.name;
      const newName = generatedConfigMap(after, name).metadata.name;
      expect(newName).not.toBe(oldName);
      const readers = workloads(before).filter((w) => configMapsOf(w).includes(oldName));
      expect(readers.length).toBeGreaterThan(0);
      for (const reader of readers) {
        const changed = named(after, reader.kind, reader.metadata.name);
        expect(configMapsOf(changed)).toContain(newName);
        expect(configMapsOf(changed)).not.toContain(oldName);
      }
    },
  );
});

describe.each(OVERLAYS)('stores of %s have stable pod names', (overlay) => {
  const objects = renderOverlay(overlay);

  it.each(ofKind(objects, 'StatefulSet').map((s) => [s.metadata.name, s]))(
    '%s-0.<its service> resolves: the StatefulSet names a headless Service that selects its pods',
    (_name, statefulSet) => {
      const serviceName = (statefulSet.spec as { serviceName: string }).serviceName;
      const service = named(objects, 'Service', serviceName).spec as {
        clusterIP?: string;
        selector: Record<string, string>;
      };
      expect(service.clusterIP).toBe('None');
      for (const [key, value] of Object.entries(service.selector))
        expect(podLabels(statefulSet)[key]).toBe(value);
    },
  );

  const databases = {
    'link-db': 'link-service',
    'user-db': 'user-service',
    'social-graph-db': 'social-graph-service',
  };

  if (overlay === 'minikube')
    it('the databases are reached by the name of their headless Service', () => {
      for (const db of Object.keys(databases))
        expect((named(objects, 'StatefulSet', db).spec as { serviceName: string }).serviceName).toBe(db);
    });
  else
    it('the databases are CloudNativePG Clusters, reached by the names the operator gives them', () => {
      for (const [db, service] of Object.entries(databases)) {
        expect(named(objects, 'Cluster', db).metadata.name).toBe(db);
        expect(ofKind(objects, 'StatefulSet').map((s) => s.metadata.name)).not.toContain(db);
        // The operator's Secret <cluster>-app holds the owner's uri, to its Service <cluster>-rw (the primary).
        for (const container of podSpec(named(objects, 'Deployment', service)).containers.filter(
          (c) => c.name === service,
        ))
          expect(container.env?.find((e) => e.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef).toEqual({
            name: `${db}-app`,
            key: 'uri',
          });
      }
    });
});

describe('production serves HTTPS with a cert-manager certificate', () => {
  const objects = renderOverlay('production');
  const ingress = named(objects, 'Ingress', 'api-gateway-service').spec as {
    ingressClassName: string;
    rules: Array<{ host: string }>;
    tls?: Array<{ hosts: string[]; secretName: string }>;
  };
  const [certificate] = ofKind(objects, 'Certificate');
  const certificateSpec = certificate?.spec as {
    secretName: string;
    dnsNames: string[];
    issuerRef: { kind: string; name: string; group: string };
  };

  it('the Issuer and the Certificate validate against the pinned cert-manager models', () => {
    const tlsObjects = objects.filter((o) => o.apiVersion.startsWith('cert-manager.io/'));
    expect(tlsObjects.map((o) => o.kind).sort()).toEqual(['Certificate', 'Issuer']);
    for (const object of tlsObjects)
      expect([object.kind, schemaError(object)]).toEqual([object.kind, undefined]);
    const broken = structuredClone(certificate) as K8sObject & { spec: { dnsNames: unknown } };
    broken.spec.dnsNames = 'not-a-list';
    expect(schemaError(broken)).toBeDefined();
  });

  it('the Ingress serves the Certificate of its host, issued by the Issuer through its own ingress class', () => {
    const hosts = ingress.rules.map((rule) => rule.host);
    expect(ingress.tls).toEqual([{ hosts, secretName: certificateSpec.secretName }]);
    expect(certificateSpec.dnsNames).toEqual(hosts);
    const issuer = named(objects, certificateSpec.issuerRef.kind, certificateSpec.issuerRef.name).spec as {
      acme: { solvers: Array<{ http01: { ingress: { ingressClassName: string } } }> };
    };
    expect(issuer.acme.solvers.map((s) => s.http01.ingress.ingressClassName)).toEqual([
      ingress.ingressClassName,
    ]);
    // The OAuth callback is on the same https host.
    const config = generatedConfigMap(objects, 'api-gateway-service-config').data!;
    expect(new URL(config.OAUTH_REDIRECT_URL)).toMatchObject({ protocol: 'https:', host: hosts[0] });
  });

  it('the ingress controller may reach the HTTP-01 solver through default-deny', () => {
    const policy = ofKind(objects, 'NetworkPolicy').find(
      (p) =>
        (p.spec as { podSelector: { matchLabels?: Record<string, string> } }).podSelector.matchLabels?.[
          'acme.cert-manager.io/http01-solver'
        ] === 'true',
    );
    expect(policy?.spec).toMatchObject({
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
          ports: [{ port: 8089, protocol: 'TCP' }],
        },
      ],
    });
  });

  it('minikube stays on plain http (no certificate to issue for delinkcious.local)', () => {
    expect(renderOverlay('minikube').filter((o) => o.apiVersion.startsWith('cert-manager.io/'))).toEqual([]);
  });
});
