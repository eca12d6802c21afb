import { dirname, join } from 'node:path';
import {
  OVERLAYS,
  piecesOf,
  readObjects,
  render,
  renderOverlay,
  yamlFiles,
  type K8sObject,
} from './manifests';
import { schemaError } from './schemas';

const KUSTOMIZE_FILE = /(^|\/)kustomization\.yaml$/;
const NUCLIO_FUNCTION = 'k8s/base/link-checker/nuclio/function.yaml';

describe('manifests parse and render', () => {
  it.each(yamlFiles('k8s').concat(yamlFiles('argocd'), ['.circleci/config.yml']))(
    '%s is valid YAML',
    (file) => {
      expect(readObjects(file).length).toBeGreaterThan(0);
    },
  );

  it.each(OVERLAYS)('overlay %s renders as a whole and piece by piece, to the same objects', (overlay) => {
    const whole = renderOverlay(overlay);
    const pieces = piecesOf(overlay).flatMap((piece) => render(`k8s/overlays/${overlay}/${piece}`));
    const key = (object: K8sObject) => `${object.kind}/${object.metadata.name}`;
    expect(pieces.map(key).sort()).toEqual(whole.map(key).sort());
    expect(new Set(whole.map(key)).size).toBe(whole.length);
  });
});

// argocd/ is validated as the bootstrap renders it (with the repository), in argocd.test.ts.
describe('every object validates against the pinned Kubernetes, cert-manager and Prometheus operator schemas', () => {
  it.each(OVERLAYS)('overlay %s', (overlay) => {
    const errors = renderOverlay(overlay)
      .map((object) => [`${object.kind}/${object.metadata.name}`, schemaError(object)])
      .filter(([, error]) => error !== undefined);
    expect(errors).toEqual([]);
  });

  it('every manifest under k8s/ is included by a kustomization (but the Nuclio spec)', () => {
    const included = new Set(
      yamlFiles('k8s')
        .filter((file) => KUSTOMIZE_FILE.test(file))
        .flatMap((file) => {
          const {
            resources = [],
            patches = [],
            configurations = [],
            configMapGenerator = [],
          } = readObjects(file)[0] as {
            resources?: string[];
            patches?: Array<{ path?: string }>;
            configurations?: string[];
            configMapGenerator?: Array<{ files?: string[] }>;
          };
          const files = [
            ...resources,
            ...configurations,
            ...patches.flatMap((p) => (p.path ? [p.path] : [])),
            // A file a generator reads (`key=file` or `file`) is deployed as a ConfigMap's data.
            ...configMapGenerator.flatMap((g) => (g.files ?? []).map((f) => f.replace(/^[^=]*=/, ''))),
          ];
          return files.map((resource) => join(dirname(file), resource));
        }),
    );
    // A manifest no kustomization includes would never be deployed.
    const stray = yamlFiles('k8s').filter(
      (file) => !KUSTOMIZE_FILE.test(file) && file !== NUCLIO_FUNCTION && !included.has(file),
    );
    expect(stray).toEqual([]);
  });

  it('the validator rejects what the API server would', () => {
    const deployment = renderOverlay('minikube').find((object) => object.kind === 'Deployment')!;
    const broken = structuredClone(deployment) as K8sObject & { spec: { replicas: unknown } };
    broken.spec.replicas = 'one';
    expect(schemaError(broken)).toMatch(/replicas must be integer/);
    expect(schemaError({ ...deployment, kind: 'Deploymnet' })).toBe('no schema for apps/v1 Deploymnet');
  });
});
