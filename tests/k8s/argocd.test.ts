import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildPlan } from '../../cmd/bootstrap-cluster/plan';
import { placeholderSecretValues } from '../../cmd/bootstrap-cluster/secrets';
import { piecesOf, readObjects, render, renderOverlay, yamlFiles, type K8sObject } from './manifests';

interface ApplicationSpec {
  project: string;
  source: { repoURL: string; targetRevision: string; path: string };
  destination: { server: string; namespace: string };
  syncPolicy?: { automated?: { prune?: boolean; selfHeal?: boolean } };
}

const applications = yamlFiles('argocd/apps').flatMap(readObjects);
const [root] = readObjects('argocd/root-application.yaml');
const [project] = readObjects('argocd/project.yaml');
const spec = (app: K8sObject) => app.spec as unknown as ApplicationSpec;
const wave = (app: K8sObject) => Number(app.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);
const waveOf = (name: string) => wave(applications.find((a) => a.metadata.name === name)!);

describe('Argo CD', () => {
  it('the root Application syncs argocd/apps: one Application per piece of the minikube overlay', () => {
    expect(spec(root).source.path).toBe('argocd/apps');
    expect(applications.every((a) => a.kind === 'Application')).toBe(true);
    expect(applications.map((a) => a.metadata.name).sort()).toEqual(piecesOf('minikube'));
  });

  it.each(applications.map((a) => [a.metadata.name, a]))(
    '%s points at a path that exists and renders',
    (name, app) => {
      const { path } = spec(app).source;
      expect(path).toBe(`k8s/overlays/minikube/${name}`);
      expect(existsSync(join(path, 'kustomization.yaml'))).toBe(true);
      expect(render(path).length).toBeGreaterThan(0);
    },
  );

  it('every Application: same repository and revision, the project, automated sync with prune and self-heal', () => {
    for (const app of [root, ...applications]) {
      const { source, project: name, syncPolicy, destination } = spec(app);
      expect([app.metadata.name, source.repoURL, source.targetRevision, name]).toEqual([
        app.metadata.name,
        spec(root).source.repoURL,
        'main',
        project.metadata.name,
      ]);
      expect(syncPolicy?.automated).toEqual({ prune: true, selfHeal: true });
      expect(destination.namespace).toBe(app === root ? 'argocd' : 'delinkcious');
    }
    expect((project.spec as { sourceRepos: string[] }).sourceRepos).toEqual([spec(root).source.repoURL]);
  });

  it('sync waves: the namespace and its rules, then stores and NATS, then services, then the gateway', () => {
    const stores = ['link-db', 'user-db', 'social-graph-db', 'news-redis', 'nats'];
    const services = readdirSync('svc').filter((s) => s !== 'api-gateway-service');
    for (const store of stores) expect(waveOf('platform')).toBeLessThan(waveOf(store));
    for (const service of services)
      for (const store of stores)
        expect([service, store, waveOf(store) < waveOf(service)]).toEqual([service, store, true]);
    for (const service of services) expect(waveOf(service)).toBeLessThan(waveOf('api-gateway-service'));
  });

  it('the project allows every kind the manifests deploy, and nothing more', () => {
    const { namespaceResourceWhitelist, clusterResourceWhitelist } = project.spec as {
      namespaceResourceWhitelist: Array<{ group: string; kind: string }>;
      clusterResourceWhitelist: Array<{ group: string; kind: string }>;
    };
    const allowed = [...namespaceResourceWhitelist, ...clusterResourceWhitelist]
      .map((r) => `${r.group}/${r.kind}`)
      .sort();
    const deployed = [...renderOverlay('minikube'), ...renderOverlay('production'), ...applications].map(
      (o) => `${o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : ''}/${o.kind}`,
    );
    expect(allowed).toEqual([...new Set(deployed)].sort());
  });

  it('the bootstrap applies the project and the root application of argocd/, and Argo CD with its values file', () => {
    const commands = buildPlan(placeholderSecretValues({})).map((step) => step.command.map(String));
    const files = commands.flatMap((argv) =>
      argv.flatMap((arg, i) => (['-f', '--values'].includes(argv[i - 1] ?? '') && arg !== '-' ? [arg] : [])),
    );
    expect(files.sort()).toEqual([
      'argocd/helm-values.yaml',
      'argocd/project.yaml',
      'argocd/root-application.yaml',
    ]);
    for (const file of files) expect(existsSync(file)).toBe(true);
    const waited = commands.find((argv) => argv.includes('wait'))!;
    expect(waited).toContain(`application/${root.metadata.name}`);
  });
});
