import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ContainerReport } from './evaluate';
import { CheckFailed, run, runOrFail, tail } from './run';
import { containerName, imageTag, migrateContainerName, type ServiceImage } from './services';

const HEALTHZ_TIMEOUT_MS = 30_000;
const STOP_GRACE_S = 10;

/** A port nothing listens on right now, for the container's published health port. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * The effective user and group and the effective capabilities of a process, from
 * /proc/<pid>/status ("Uid:" lists real, effective, saved and filesystem ids).
 */
export function parseProcStatus(status: string): { uid: number; gid: number; capEff: string } {
  const fields = (name: string) =>
    new RegExp(`^${name}:\\s+(.*)$`, 'm').exec(status)?.[1].trim().split(/\s+/);
  const uid = fields('Uid')?.[1];
  const gid = fields('Gid')?.[1];
  const capEff = fields('CapEff')?.[0];
  if (uid === undefined || gid === undefined || capEff === undefined)
    throw new Error('unexpected /proc status');
  return { uid: Number(uid), gid: Number(gid), capEff };
}

async function inspect(env: NodeJS.ProcessEnv, name: string, format: string): Promise<string> {
  const result = await run('podman', ['inspect', '--format', format, name], { timeoutMs: 30_000, env });
  return result.stdout.trim();
}

async function failWithLogs(env: NodeJS.ProcessEnv, name: string, reason: string): Promise<never> {
  const logs = await run('podman', ['logs', '--tail', '20', name], { timeoutMs: 30_000, env });
  process.stderr.write(`${tail(logs.stdout + logs.stderr)}\n`);
  throw new CheckFailed(reason);
}

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

/** Polls /healthz until it answers 200, failing early (with the logs) if the container exits. */
async function waitForHealthz(env: NodeJS.ProcessEnv, service: string, url: string): Promise<void> {
  const name = containerName(service);
  const deadline = Date.now() + HEALTHZ_TIMEOUT_MS;
  for (let attempt = 1; Date.now() < deadline; attempt++) {
    if (await healthy(url)) return;
    if (attempt % 10 === 0 && (await inspect(env, name, '{{.State.Running}}')) !== 'true')
      await failWithLogs(env, name, `${service} exited before /healthz answered`);
    await sleep(200);
  }
  await failWithLogs(
    env,
    name,
    `${service}: ${url} did not answer 200 within ${HEALTHZ_TIMEOUT_MS / 1000} s`,
  );
}

/** The same hardening as the cluster's securityContext: read-only root without even a /tmp. */
const HARDENED = [
  '--read-only',
  '--read-only-tmpfs=false',
  '--user',
  '1000:1000',
  '--cap-drop=ALL',
  '--security-opt',
  'no-new-privileges',
];

/**
 * The init container's command loads in the image: with no DATABASE_URL it must stop with
 * its one-line configuration error, not with a missing module.
 */
async function checkMigrate(env: NodeJS.ProcessEnv, service: ServiceImage): Promise<void> {
  const args = [
    'run',
    '--rm',
    '--name',
    migrateContainerName(service.name),
    ...HARDENED,
    '--network',
    'none',
  ];
  const command = ['node', 'dist/cmd/migrate/main.js', service.name];
  const result = await run('podman', [...args, imageTag(service.name), ...command], {
    timeoutMs: 60_000,
    env,
  });
  if (result.code !== 1 || !/DATABASE_URL is not set/.test(result.stderr)) {
    process.stderr.write(`${tail(result.stderr || result.stdout)}\n`);
    throw new CheckFailed(`${service.name}: dist/cmd/migrate/main.js does not run in the image`);
  }
}

/**
 * Runs the image as the cluster will (read-only root, uid 1000, no capabilities, no
 * privilege escalation) and measures what Kubernetes depends on: /healthz, the user the
 * process runs as, and a prompt, clean exit on SIGTERM.
 */
export async function checkContainer(
  env: NodeJS.ProcessEnv,
  service: ServiceImage,
): Promise<ContainerReport> {
  const name = containerName(service.name);
  const port = await freePort();
  const envArgs = Object.entries({ LOG_LEVEL: 'warn', ...service.env }).flatMap(([key, value]) => [
    '--env',
    `${key}=${value}`,
  ]);
  const started = Date.now();
  await runOrFail(
    `starting ${service.name}`,
    'podman',
    [
      'run',
      '--detach',
      '--name',
      name,
      ...HARDENED,
      '--publish',
      `127.0.0.1:${port}:${service.healthPort}`,
      ...envArgs,
      imageTag(service.name),
    ],
    { timeoutMs: 60_000, env },
  );
  await waitForHealthz(env, service.name, `http://127.0.0.1:${port}/healthz`);
  const healthzMs = Date.now() - started;

  // Read on the host: rootful podman without a user namespace, so host ids are the container's.
  const pid = await inspect(env, name, '{{.State.Pid}}');
  const { uid, gid, capEff } = parseProcStatus(readFileSync(`/proc/${pid}/status`, 'utf8'));

  const stopping = Date.now();
  await runOrFail(`stopping ${service.name}`, 'podman', ['stop', '--time', String(STOP_GRACE_S), name], {
    timeoutMs: (STOP_GRACE_S + 20) * 1000,
    env,
  });
  const stopMs = Date.now() - stopping;
  const exitCode = Number(await inspect(env, name, '{{.State.ExitCode}}'));

  if (service.migrate) await checkMigrate(env, service);
  const size = await run('podman', ['image', 'inspect', '--format', '{{.Size}}', imageTag(service.name)], {
    timeoutMs: 30_000,
    env,
  });
  const sizeBytes = Number(size.stdout.trim());
  return {
    service: service.name,
    sizeBytes,
    uid,
    gid,
    capEff,
    healthzMs,
    stopMs,
    exitCode,
    migrateRuns: service.migrate,
  };
}
