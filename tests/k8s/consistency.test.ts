import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { contractSecrets, placeholderSecretValues } from '../../cmd/bootstrap-cluster/secrets';
import { OFFICIAL_BASE } from '../../cmd/images/base-image';
import { SERVICE_IMAGES } from '../../cmd/images/services';
import { createHttpServer } from '../../pkg/kit';
import { TRACING_SETTINGS, createMetricsRegistry } from '../../pkg/observability';
import { apiGatewaySettings, loadApiGatewayConfig } from '../../svc/api-gateway-service/config';
import { linkCheckerSettings, loadLinkCheckerConfig } from '../../svc/link-checker/config';
import { linkServiceSettings, loadLinkServiceConfig } from '../../svc/link-service/config';
import { loadNewsServiceConfig, newsServiceSettings } from '../../svc/news-service/config';
import {
  loadSocialGraphServiceConfig,
  socialGraphServiceSettings,
} from '../../svc/social-graph-service/config';
import { loadUserServiceConfig, userServiceSettings } from '../../svc/user-service/config';
import { testLogger } from '../support/silent-logger';
import { OVERLAYS, SERVICES, named, ofKind, readObjects, renderOverlay, type K8sObject } from './manifests';
import { podSpec, workloads, type Container } from './workloads';

/** A Deployment of one of the services in svc/, which run the project's own images. */
const isService = (deployment: K8sObject) =>
  podSpec(deployment).containers[0].image.startsWith('delinkcious/');

interface ServiceCode {
  settings: z.ZodRawShape;
  load(env: NodeJS.ProcessEnv): { PORT: number; ADMIN_PORT?: number };
}

/** What each service's code reads, from its svc/<name>/config.ts. */
const CODE: Record<string, ServiceCode> = {
  'api-gateway-service': { settings: apiGatewaySettings, load: loadApiGatewayConfig },
  'link-checker': { settings: linkCheckerSettings, load: loadLinkCheckerConfig },
  'link-service': { settings: linkServiceSettings, load: loadLinkServiceConfig },
  'news-service': { settings: newsServiceSettings, load: loadNewsServiceConfig },
  'social-graph-service': { settings: socialGraphServiceSettings, load: loadSocialGraphServiceConfig },
  'user-service': { settings: userServiceSettings, load: loadUserServiceConfig },
};

/** Settings a cluster leaves unset on purpose. */
const NOT_IN_CLUSTER: Record<string, string> = {
  PGLITE_DATA_DIR: 'a cluster runs Postgres, never the embedded database',
  NATS_NAMESPACE: 'side-by-side systems in tests only',
};

/** The container's environment as the pod sees it; Secret values stand in with plausible ones. */
function environmentOf(objects: K8sObject[], container: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? [])
    if (source.configMapRef) Object.assign(env, named(objects, 'ConfigMap', source.configMapRef.name).data);
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) env[variable.name] = variable.value;
    else if (variable.valueFrom?.secretKeyRef)
      env[variable.name] =
        variable.name === 'DATABASE_URL' ? 'postgres://user:secret@db:5432/db' : 'from-a-secret';
  }
  return env;
}

function containerPort(container: Container, name: string | number): number | undefined {
  return typeof name === 'number' ? name : container.ports?.find((port) => port.name === name)?.containerPort;
}

const probeApp = createHttpServer({
  logger: testLogger(),
  registry: createMetricsRegistry('probe', false),
  readiness: {},
});
afterAll(() => probeApp.close());

describe.each(OVERLAYS)('overlay %s agrees with the code', (overlay) => {
  const objects = renderOverlay(overlay);
  // The services' own: the collector and Jaeger run images of their projects.
  const deployments = ofKind(objects, 'Deployment').filter(isService);

  it('runs one Deployment per service in svc/', () => {
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(SERVICES);
  });

  describe.each(SERVICES)('%s', (service) => {
    const deployment = deployments.find((d) => d.metadata.name === service)!;
    const pod = podSpec(deployment);
    const container = pod.containers.find((c) => c.name === service)!;
    const env = environmentOf(objects, container);
    const code = CODE[service];

    it('runs its own image', () => {
      for (const each of [...(pod.initContainers ?? []), ...pod.containers])
        expect(each.image).toMatch(new RegExp(`^delinkcious/${service}:[^:]+$`));
    });

    it('is given every setting its config.ts reads, and nothing it does not read', () => {
      // Its config.ts, and what the OpenTelemetry SDK reads for every service.
      const read = [...Object.keys(code.settings), ...TRACING_SETTINGS].sort();
      expect(Object.keys(env).filter((name) => !read.includes(name))).toEqual([]);
      expect(read.filter((name) => !(name in env) && !(name in NOT_IN_CLUSTER))).toEqual([]);
    });

    it('starts with that configuration, on the ports its container and Service declare', () => {
      const config = code.load(env);
      const ports = Object.fromEntries(
        (container.ports ?? []).map((port) => [port.name, port.containerPort]),
      );
      const expected =
        config.ADMIN_PORT === undefined
          ? { http: config.PORT }
          : { grpc: config.PORT, admin: config.ADMIN_PORT };
      expect(ports).toEqual(expected);
      const servicePorts = (
        named(objects, 'Service', service).spec as { ports: Array<{ port: number; targetPort: string }> }
      ).ports;
      for (const port of servicePorts) expect(port.port).toBe(ports[port.targetPort]);
    });

    it('is probed on the health routes the HTTP server really serves', async () => {
      const probes = {
        liveness: container.livenessProbe?.httpGet,
        readiness: container.readinessProbe?.httpGet,
      };
      expect([probes.liveness?.path, probes.readiness?.path]).toEqual(['/healthz', '/readyz']);
      const httpPort = env.ADMIN_PORT ?? env.PORT;
      for (const probe of Object.values(probes)) {
        expect(containerPort(container, probe!.port)).toBe(Number(httpPort));
        expect((await probeApp.inject({ method: 'GET', url: probe!.path })).statusCode).toBe(200);
      }
    });

    it('finds each file setting in a mounted Secret', () => {
      for (const [name, path] of Object.entries(env).filter(([name]) => name.endsWith('_FILE'))) {
        const mount = container.volumeMounts?.find((m) => path.startsWith(`${m.mountPath}/`));
        const volume = pod.volumes?.find((v) => v.name === mount?.name);
        expect([name, volume?.secret?.secretName]).toEqual([name, expect.any(String)]);
        const key = path.slice(mount!.mountPath.length + 1);
        const items = volume!.secret!.items;
        if (items) expect(items.map((item) => item.path)).toContain(key);
      }
    });
  });

  it('migrates each database before its service starts, with a migration the migrate command knows', () => {
    const usage = (() => {
      try {
        execFileSync(process.execPath, ['dist/cmd/migrate/main.js'], { encoding: 'utf8', stdio: 'pipe' });
        return '';
      } catch (error) {
        return String((error as { stderr: string }).stderr);
      }
    })();
    const known = /usage: migrate <([^>]+)>/.exec(usage)![1].split('|').sort();
    const migrated = deployments
      .filter((d) => podSpec(d).initContainers?.length)
      .map((d) => {
        const [init] = podSpec(d).initContainers!;
        expect(init.command).toEqual(['node', 'dist/cmd/migrate/main.js', d.metadata.name]);
        expect(init.env).toEqual(podSpec(d).containers[0].env?.filter((e) => e.name === 'DATABASE_URL'));
        return d.metadata.name;
      });
    expect(migrated.sort()).toEqual(known);
  });
});

describe('images', () => {
  const dockerfile = readFileSync('docker/Dockerfile', 'utf8');

  it.each(SERVICES)('docker/Dockerfile has a target %s that runs that service', (service) => {
    const stage = dockerfile
      .split(/^FROM /m)
      .find((s) => new RegExp(`^\\S+ AS ${service}\\s*$`, 'm').test(s));
    expect(stage).toBeDefined();
    expect(stage).toContain(`dist/svc/${service}/main.js`);
  });

  it('npm run images builds and checks exactly the images of svc/', () => {
    expect(SERVICE_IMAGES.map((image) => image.name).sort()).toEqual(SERVICES);
  });

  it('npm run images checks the images on the base the Dockerfile names', () => {
    const base = /^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile)?.[1];
    expect(`docker.io/library/${base}`).toBe(OFFICIAL_BASE);
    // A Node LTS release pinned to the patch version.
    expect(base).toMatch(/^node:(22|24)\.\d+\.\d+-[a-z]+-slim$/);
  });

  it('every overlay pins every service image to the same tag', () => {
    for (const overlay of OVERLAYS) {
      const tags = new Set(
        ofKind(renderOverlay(overlay), 'Deployment')
          .filter(isService)
          .flatMap((d) => podSpec(d).containers.map((c) => c.image.split(':')[1])),
      );
      expect(tags.size).toBe(1);
    }
  });
});

describe('the Nuclio function spec', () => {
  const [fn] = readObjects('k8s/base/link-checker/nuclio/function.yaml') as Array<
    K8sObject & { spec: { runtime: string; handler: string; env: Array<{ name: string }> } }
  >;

  it('names an exported handler of pkg/link-checker and only settings the checker reads', () => {
    const [file, exported] = fn.spec.handler.split(':');
    expect(fn.spec.runtime).toBe('nodejs');
    expect(readFileSync(`pkg/link-checker/${file}.ts`, 'utf8')).toMatch(
      new RegExp(`export async function ${exported}\\(`),
    );
    const read = Object.keys(linkCheckerSettings);
    expect(fn.spec.env.map((e) => e.name).filter((name) => !read.includes(name))).toEqual([]);
  });
});

describe('the Secrets cmd/bootstrap-cluster creates', () => {
  const secrets = contractSecrets(placeholderSecretValues({}));
  const keysOf = Object.fromEntries(secrets.map((s) => [s.name, s.literals.map((l) => l.key)]));

  it.each(OVERLAYS)('hold every Secret and key the workloads of %s read', (overlay) => {
    const objects = renderOverlay(overlay);
    // The CloudNativePG operator makes `<cluster>-app` itself; a database it runs needs no bootstrap Secret.
    const clusters = ofKind(objects, 'Cluster').map((cluster) => cluster.metadata.name);
    const byOperator = (ref: string) => clusters.some((cluster) => ref.startsWith(`${cluster}-`));
    const used = new Set<string>();
    for (const workload of workloads(objects)) {
      const pod = podSpec(workload);
      for (const container of [...(pod.initContainers ?? []), ...pod.containers])
        for (const variable of container.env ?? []) {
          const ref = variable.valueFrom?.secretKeyRef;
          if (ref) used.add(`${ref.name}/${ref.key}`);
        }
      for (const volume of pod.volumes ?? []) {
        const secret = volume.secret;
        if (!secret) continue;
        for (const key of secret.items?.map((item) => item.key) ?? keysOf[secret.secretName] ?? ['?'])
          used.add(`${secret.secretName}/${key}`);
      }
    }
    const created = new Set(secrets.flatMap((s) => s.literals.map((l) => `${s.name}/${l.key}`)));
    expect([...used].filter((ref) => !created.has(ref) && !byOperator(ref))).toEqual([]);
    expect([...created].filter((ref) => !used.has(ref) && !byOperator(ref))).toEqual([]);
  });

  it('point each DATABASE_URL at its own database, with the user and database its Postgres creates', () => {
    const objects = renderOverlay('minikube');
    for (const secret of secrets.filter((s) => s.name.endsWith('-db-credentials'))) {
      const url = new URL(secret.literals.find((l) => l.key === 'DATABASE_URL')!.value.real);
      const database = named(objects, 'StatefulSet', url.hostname);
      const env = Object.fromEntries((podSpec(database).containers[0].env ?? []).map((e) => [e.name, e]));
      expect(secret.name).toBe(`${url.hostname}-credentials`);
      expect(env.POSTGRES_PASSWORD.valueFrom?.secretKeyRef).toEqual({
        name: secret.name,
        key: 'POSTGRES_PASSWORD',
      });
      expect([url.username, url.pathname.slice(1), url.port]).toEqual([
        env.POSTGRES_USER.value,
        env.POSTGRES_DB.value,
        '5432',
      ]);
      const port = (named(objects, 'Service', url.hostname).spec as { ports: Array<{ port: number }> })
        .ports[0];
      expect(port.port).toBe(5432);
    }
  });
});
