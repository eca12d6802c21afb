import { resolve } from 'node:path';
import { LOGGING_CHARTS, renderLogging } from '../../cmd/bootstrap-cluster/logging';
import { readObjects, yamlFiles, type K8sObject } from './manifests';
import { schemaError } from './schemas';

interface ApplicationSpec {
  project: string;
  source: {
    repoURL: string;
    chart: string;
    targetRevision: string;
    helm: { valuesObject: Record<string, unknown> };
  };
  destination: { namespace: string };
}

// As the bootstrap applies them: the files of argocd/logging with the charts it pins.
const objects = renderLogging(resolve('.')) as unknown as K8sObject[];
const [project] = objects.filter((o) => o.kind === 'AppProject');
const applications = objects.filter((o) => o.kind === 'Application');
const spec = (app: K8sObject) => app.spec as unknown as ApplicationSpec;

describe('optional central logs (argocd/logging)', () => {
  it('renders every file of argocd/logging, each Application at a chart pinned in the bootstrap', () => {
    const files = yamlFiles('argocd/logging').flatMap(readObjects);
    expect(objects.map((o) => o.metadata.name).sort()).toEqual(files.map((o) => o.metadata.name).sort());
    for (const app of applications)
      expect([spec(app).source.repoURL, spec(app).source.targetRevision]).toEqual([
        LOGGING_CHARTS[spec(app).source.chart].repoUrl,
        LOGGING_CHARTS[spec(app).source.chart].version,
      ]);
  });

  it('Loki and Fluent Bit, each an exact chart version from a repository its project allows, into its namespace', () => {
    const { sourceRepos, destinations } = project.spec as {
      sourceRepos: string[];
      destinations: Array<{ namespace: string }>;
    };
    expect(applications.map((a) => a.metadata.name).sort()).toEqual(['fluent-bit', 'loki']);
    for (const app of applications) {
      const { source, destination } = spec(app);
      expect([app.metadata.name, spec(app).project]).toEqual([app.metadata.name, project.metadata.name]);
      expect(source.targetRevision).toMatch(/^\d+\.\d+\.\d+$/);
      expect(sourceRepos).toContain(source.repoURL);
      expect(destinations.map((d) => d.namespace)).toContain(destination.namespace);
      expect(schemaError(app)).toBeUndefined();
    }
    expect(schemaError(project)).toBeUndefined();
  });

  it('Fluent Bit ships the namespace’s JSON lines, trace ids as fields, to the Loki service', () => {
    const config = spec(applications.find((a) => a.metadata.name === 'fluent-bit')!).source.helm.valuesObject
      .config as Record<string, string>;
    expect(config.inputs).toMatch(/Path \/var\/log\/containers\/\*_delinkcious_\*\.log/);
    expect(config.filters).toMatch(/Merge_Log On/);
    const loki = spec(applications.find((a) => a.metadata.name === 'loki')!);
    expect(config.outputs).toMatch(
      new RegExp(`Host ${loki.source.chart}\\.${loki.destination.namespace}\\.svc`),
    );
  });
});
