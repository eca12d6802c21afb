import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { pinnedSchemaValidator } from './json-schemas';
import { SERVICES, named, render } from './manifests';
import { podSpec, workloads } from './workloads';

interface Artifact {
  image: string;
  context: string;
  docker: { dockerfile: string; target: string };
}
interface Profile {
  name: string;
  activation?: Array<{ kubeContext?: string }>;
  build?: { local?: { push?: boolean } };
  manifests?: { kustomize?: { paths: string[] } };
  deploy?: { kubectl?: object };
  portForward?: Array<{ resourceType: string; resourceName: string; namespace: string; port: number }>;
}

const text = readFileSync('skaffold.yaml', 'utf8');
const config = parse(text) as { apiVersion: string; build: { artifacts: Artifact[] }; profiles: Profile[] };
const minikube = config.profiles.find((profile) => profile.name === 'minikube')!;
const dockerfile = readFileSync('docker/Dockerfile', 'utf8');
const targets = [...dockerfile.matchAll(/^FROM \S+ AS (\S+)$/gm)].map((m) => m[1]);

describe('skaffold.yaml', () => {
  it('validates against the pinned skaffold/v4beta14 schema', () => {
    const errors = pinnedSchemaValidator('skaffold-v4beta14.schema.json');
    expect(errors(config)).toEqual([]);
    expect(config.apiVersion).toBe('skaffold/v4beta14');
    // The validator does reject what skaffold would.
    expect(errors({ ...config, build: { artifacts: [{ image: 1 }] } }).length).toBeGreaterThan(0);
  });

  it('builds exactly the services of svc/, each from its own target of docker/Dockerfile', () => {
    const withTarget = SERVICES.filter((service) => targets.includes(service));
    expect(withTarget).toEqual(SERVICES);
    expect(config.build.artifacts.map((a) => a.image).sort()).toEqual(
      SERVICES.map((s) => `delinkcious/${s}`),
    );
    for (const artifact of config.build.artifacts)
      expect(artifact).toEqual({
        image: artifact.image,
        context: '.',
        docker: { dockerfile: 'docker/Dockerfile', target: artifact.image.replace('delinkcious/', '') },
      });
  });

  it('has a minikube profile that builds in the cluster, deploys the minikube overlay and forwards the gateway', () => {
    expect(minikube.activation).toEqual([{ kubeContext: 'minikube' }]);
    expect(minikube.build?.local?.push).toBe(false);
    expect(minikube.deploy?.kubectl).toBeDefined();
    expect(minikube.manifests?.kustomize?.paths).toEqual(['k8s/overlays/minikube']);
  });

  it('deploys a path that renders, whose every service image is one it builds', () => {
    const objects = minikube.manifests!.kustomize!.paths.flatMap((path) => render(path));
    const images = workloads(objects)
      .flatMap((w) => [...(podSpec(w).initContainers ?? []), ...podSpec(w).containers])
      .map((c) => c.image.split(':')[0])
      .filter((image) => image.startsWith('delinkcious/'));
    expect([...new Set(images)].sort()).toEqual(config.build.artifacts.map((a) => a.image).sort());
    for (const forward of minikube.portForward!) {
      const service = named(objects, 'Service', forward.resourceName);
      expect(service.metadata.namespace).toBe(forward.namespace);
      expect((service.spec as { ports: Array<{ port: number }> }).ports.map((p) => p.port)).toContain(
        forward.port,
      );
    }
    expect(minikube.portForward!.map((f) => f.resourceName)).toEqual(['api-gateway-service']);
  });
});
