import { named, ofKind, renderOverlay, type K8sObject } from './manifests';
import { schemaError } from './schemas';
import { podSpec, workloads } from './workloads';

interface ClusterSpec {
  instances: number;
  imageName: string;
  bootstrap: { initdb: { database: string; owner: string } };
  inheritedMetadata: { labels: Record<string, string> };
  backup: { barmanObjectStore: { destinationPath: string } };
}

const production = renderOverlay('production');
const clusters = ofKind(production, 'Cluster');
const spec = (cluster: K8sObject) => cluster.spec as unknown as ClusterSpec;

/** Each service's database: the owner and name its minikube StatefulSet creates. */
function minikubeDatabases(): Record<string, { owner: string; database: string }> {
  const databases: Record<string, { owner: string; database: string }> = {};
  for (const statefulSet of ofKind(renderOverlay('minikube'), 'StatefulSet')) {
    const env = Object.fromEntries(
      (podSpec(statefulSet).containers[0].env ?? []).map((e) => [e.name, e.value]),
    );
    if (env.POSTGRES_DB)
      databases[statefulSet.metadata.name] = { owner: env.POSTGRES_USER!, database: env.POSTGRES_DB };
  }
  return databases;
}

describe('production stores on CloudNativePG', () => {
  it('runs every database of the minikube overlay as a Cluster of three, with the same owner and database', () => {
    const databases = minikubeDatabases();
    expect(clusters.map((c) => c.metadata.name).sort()).toEqual(Object.keys(databases).sort());
    for (const cluster of clusters) {
      const { instances, bootstrap, imageName } = spec(cluster);
      expect([cluster.metadata.name, instances, bootstrap.initdb]).toEqual([
        cluster.metadata.name,
        3,
        databases[cluster.metadata.name],
      ]);
      expect(imageName).toMatch(/^ghcr\.io\/cloudnative-pg\/postgresql:\d+\.\d+-/);
    }
    // What stays a StatefulSet in production: NATS and the two Redis, no Postgres.
    expect(
      ofKind(production, 'StatefulSet')
        .map((s) => s.metadata.name)
        .sort(),
    ).toEqual(['gateway-redis', 'nats', 'news-redis']);
  });

  it('backs every Cluster up nightly to a path of its own', () => {
    const paths = clusters.map((c) => spec(c).backup.barmanObjectStore.destinationPath);
    expect(new Set(paths).size).toBe(clusters.length);
    for (const cluster of clusters) {
      const backup = named(production, 'ScheduledBackup', cluster.metadata.name).spec as {
        cluster: { name: string };
        method: string;
      };
      expect([backup.cluster.name, backup.method]).toEqual([cluster.metadata.name, 'barmanObjectStore']);
    }
  });

  it('every service and job connects through the operator Secret of its own Cluster', () => {
    const refs = workloads(production).flatMap((workload) =>
      [...(podSpec(workload).initContainers ?? []), ...podSpec(workload).containers].flatMap((container) =>
        (container.env ?? [])
          .filter((variable) => variable.name === 'DATABASE_URL')
          .map((variable) => [workload.metadata.name, variable.valueFrom?.secretKeyRef]),
      ),
    );
    expect(refs.length).toBe(8);
    for (const [, ref] of refs)
      expect(clusters.map((c) => ({ name: `${c.metadata.name}-app`, key: 'uri' }))).toContainEqual(ref);
  });

  it('the minikube overlay keeps the small StatefulSets', () => {
    expect(ofKind(renderOverlay('minikube'), 'Cluster')).toEqual([]);
  });

  it('the CloudNativePG schemas reject what the operator would', () => {
    const [cluster] = clusters;
    expect(schemaError(cluster)).toBeUndefined();
    expect(schemaError({ ...cluster, spec: { ...cluster.spec, instances: 'three' } })).toMatch(/instances/);
    const backup = named(production, 'ScheduledBackup', cluster.metadata.name);
    expect(schemaError({ ...backup, spec: { ...backup.spec, method: 'tape' } })).toMatch(/method/);
  });
});
