import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import {
  ENVIRONMENTS,
  ENVIRONMENT,
  renderChildApplications,
  renderProject,
  renderRootApplication,
  type Environment,
} from '../../cmd/bootstrap-cluster/argocd';
import {
  OVERLAYS,
  parseObjects,
  piecesOf,
  readObjects,
  render,
  renderOverlay,
  yamlFiles,
  type K8sObject,
} from './manifests';
import { schemaError } from './schemas';

interface ApplicationSpec {
  project: string;
  source: {
    repoURL: string;
    targetRevision: string;
    path: string;
    kustomize?: { patches: Array<{ target: { kind: string }; patch: string }> };
  };
  destination: { server: string; namespace: string };
  syncPolicy?: { automated?: { prune?: boolean; selfHeal?: boolean } };
}

const FORK = { repoUrl: 'https://example.org/me/fork.git', revision: 'my-branch' };
const REPO = resolve('.');
const spec = (app: K8sObject) => app.spec as unknown as ApplicationSpec;
const wave = (app: K8sObject) => Number(app.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);

const work = mkdtempSync(join(tmpdir(), 'dlk-argocd-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * What Argo CD syncs for a root Application: `kustomize build` of its path with the
 * kustomize patches of its spec, reproduced by a kustomization that wraps that path.
 */
function syncedBy(root: K8sObject): K8sObject[] {
  const { path, kustomize } = spec(root).source;
  const dir = mkdtempSync(join(work, 'root-'));
  writeFileSync(
    join(dir, 'kustomization.yaml'),
    stringify({ resources: [relative(dir, join(REPO, path))], patches: kustomize?.patches ?? [] }),
  );
  const text = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
  return parseObjects(text, dir);
}

describe('the repository a cluster follows is named in one place: the bootstrap', () => {
  it('no tracked file names the repository: no URL of it anywhere, no repoURL or sourceRepos in a manifest', () => {
    const files = execFileSync('git', ['ls-files'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter((file) => existsSync(file) && !file.endsWith('package-lock.json'));
    const text = (file: string) => readFileSync(file, 'utf8');
    expect(files.filter((file) => /github\.com\/delinkcious\/delinkcious/.test(text(file)))).toEqual([]);
    const manifests = files.filter((file) => /\.ya?ml$/.test(file));
    expect(manifests.length).toBeGreaterThan(50);
    expect(manifests.filter((file) => /^\s*(repoURL|sourceRepos):/m.test(text(file)))).toEqual([]);
  });

  it.each(ENVIRONMENTS)(
    '%s: the project, the root and every child Application name the given URL and revision',
    (environment) => {
      const root = renderRootApplication(FORK, environment) as unknown as K8sObject;
      const project = renderProject(REPO, FORK) as unknown as K8sObject;
      const children = syncedBy(root);
      expect(children.length).toBe(piecesOf(environment).length);
      for (const app of [root, ...children])
        expect([app.metadata.name, spec(app).source.repoURL, spec(app).source.targetRevision]).toEqual([
          app.metadata.name,
          FORK.repoUrl,
          FORK.revision,
        ]);
      expect((project.spec as { sourceRepos: string[] }).sourceRepos).toEqual([FORK.repoUrl]);
    },
  );

  it.each(ENVIRONMENTS)(
    '%s: the plan prints the children Argo CD will render from the root',
    (environment) => {
      const root = renderRootApplication(FORK, environment) as unknown as K8sObject;
      const byName = (objects: K8sObject[]) =>
        Object.fromEntries(objects.map((o) => [o.metadata.name, JSON.parse(JSON.stringify(o)) as unknown]));
      expect(byName(renderChildApplications(REPO, FORK, environment) as unknown as K8sObject[])).toEqual(
        byName(syncedBy(root)),
      );
    },
  );
});

describe.each(ENVIRONMENTS)('Argo CD, environment %s', (environment: Environment) => {
  const root = renderRootApplication(FORK, environment) as unknown as K8sObject;
  const children = syncedBy(root);
  const project = renderProject(REPO, FORK) as unknown as K8sObject;
  const waveOf = (name: string) => wave(children.find((a) => a.metadata.name === name)!);

  it('the project, the root and every child validate against the pinned Argo CD schemas', () => {
    for (const object of [project, root, ...children])
      expect([object.metadata.name, schemaError(object)]).toEqual([object.metadata.name, undefined]);
  });

  it('one child Application per piece of the overlay, each at a path that exists and renders', () => {
    expect(children.map((a) => a.metadata.name).sort()).toEqual(piecesOf(environment));
    for (const app of children) {
      const { path } = spec(app).source;
      expect(path).toBe(`k8s/overlays/${environment}/${app.metadata.name}`);
      expect(existsSync(join(path, 'kustomization.yaml'))).toBe(true);
      expect(render(path).length).toBeGreaterThan(0);
    }
  });

  it('every Application is in the project; minikube syncs itself with prune and self-heal, production by hand', () => {
    for (const app of [root, ...children]) {
      const { project: name, syncPolicy, destination } = spec(app);
      expect(name).toBe(project.metadata.name);
      expect(destination.namespace).toBe(app === root ? 'argocd' : 'delinkcious');
      expect([app.metadata.name, syncPolicy?.automated]).toEqual([
        app.metadata.name,
        ENVIRONMENT[environment].automated ? { prune: true, selfHeal: true } : undefined,
      ]);
    }
    expect(root.metadata.name).toBe(ENVIRONMENT[environment].root);
  });

  it('sync waves: the namespace and its rules, then stores and NATS, then services, then the gateway', () => {
    const stores = ['link-db', 'user-db', 'social-graph-db', 'news-redis', 'gateway-redis', 'nats'];
    const services = readdirSync('svc').filter((s) => s !== 'api-gateway-service');
    for (const store of stores) expect(waveOf('platform')).toBeLessThan(waveOf(store));
    for (const service of services)
      for (const store of stores)
        expect([service, store, waveOf(store) < waveOf(service)]).toEqual([service, store, true]);
    for (const service of services) expect(waveOf(service)).toBeLessThan(waveOf('api-gateway-service'));
  });
});

describe('the project', () => {
  it('allows every kind the manifests deploy, and nothing more', () => {
    const [project] = readObjects('argocd/project.yaml');
    const { namespaceResourceWhitelist, clusterResourceWhitelist } = project.spec as {
      namespaceResourceWhitelist: Array<{ group: string; kind: string }>;
      clusterResourceWhitelist: Array<{ group: string; kind: string }>;
    };
    const allowed = [...namespaceResourceWhitelist, ...clusterResourceWhitelist]
      .map((r) => `${r.group}/${r.kind}`)
      .sort();
    const applications = yamlFiles('argocd/apps')
      .filter((file) => !file.endsWith('kustomization.yaml'))
      .flatMap(readObjects);
    const deployed = [...OVERLAYS.flatMap((overlay) => renderOverlay(overlay)), ...applications].map(
      (o) => `${o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : ''}/${o.kind}`,
    );
    expect(allowed).toEqual([...new Set(deployed)].sort());
  });
});
