/**
 * `npm run images`: builds every service's image from docker/Dockerfile and runs each one
 * as the cluster will (read-only root, uid 1000, no capabilities), checking /healthz, the
 * user, and a prompt, clean exit on SIGTERM. It uses podman/buildah (installed with apt if
 * missing) with its own storage in a scratch directory, and removes the containers and
 * images it made. Exits 1 with one line naming the first failure.
 */
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ensureBaseImage } from './base-image';
import { buildImage } from './build-images';
import { checkContainer } from './check-container';
import { writeContainersConfig } from './containers-config';
import { formatSummary, problemsOf, type ContainerReport } from './evaluate';
import { ensureContainerTools } from './install-tools';
import { CheckFailed, run } from './run';
import { SERVICE_IMAGES, containerName, imageTag, migrateContainerName } from './services';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const SCRATCH_DIR = path.join(tmpdir(), 'delinkcious-images');
const startedAt = Date.now();

function log(line: string): void {
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1).padStart(6);
  process.stdout.write(`[${seconds} s] ${line}\n`);
}

/** Removes, by name, every container and :check image this run may have made. */
async function cleanUp(env: NodeJS.ProcessEnv): Promise<void> {
  const names = SERVICE_IMAGES.flatMap((service) => [
    containerName(service.name),
    migrateContainerName(service.name),
  ]);
  await run('podman', ['rm', '--force', '--ignore', '--time', '0', ...names], { timeoutMs: 60_000, env });
  // One tag at a time: podman rmi stops at the first image it does not find.
  for (const service of SERVICE_IMAGES)
    await run('podman', ['rmi', imageTag(service.name)], { timeoutMs: 60_000, env });
}

/** Runs every image, going on past a failing one so the summary shows them all. */
async function checkAll(env: NodeJS.ProcessEnv): Promise<{ reports: ContainerReport[]; failures: string[] }> {
  const reports: ContainerReport[] = [];
  const failures: string[] = [];
  for (const service of SERVICE_IMAGES) {
    log(`running ${service.name} (read-only, 1000:1000, no capabilities) …`);
    try {
      const report = await checkContainer(env, service);
      reports.push(report);
      const problems = problemsOf(report);
      log(
        `  ${service.name}: /healthz 200 after ${report.healthzMs} ms, uid ${report.uid}, ` +
          `stopped in ${report.stopMs} ms with exit ${report.exitCode}` +
          (report.migrateRuns ? ', migrate runs' : '') +
          (problems.length ? ` — FAILED: ${problems.join('; ')}` : ''),
      );
      if (problems.length) failures.push(`${service.name}: ${problems.join('; ')}`);
    } catch (error) {
      if (!(error instanceof CheckFailed)) throw error;
      log(`  ${service.name}: FAILED: ${error.message}`);
      failures.push(error.message);
    }
  }
  return { reports, failures };
}

/** Builds and checks every image; resolves with the failures (empty when all pass). */
async function buildAndCheck(env: NodeJS.ProcessEnv): Promise<string[]> {
  log('step 3/5: base image');
  const base = await ensureBaseImage(env, log);
  log(
    base.standInNode
      ? `stand-in base image: host Node ${base.standInNode} (not the official image), tagged ${base.name}; ` +
          (base.cached ? 'cached from an earlier run' : 'built now and kept for the next run')
      : `base image: ${base.name} (official)`,
  );

  log('step 4/5: building the images');
  for (const service of SERVICE_IMAGES) {
    const started = Date.now();
    await buildImage(env, REPO_ROOT, service.name, base.name);
    log(`  built ${imageTag(service.name)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  log('step 5/5: running each image');
  const { reports, failures } = await checkAll(env);
  process.stdout.write(`\n${formatSummary(reports)}\n`);
  if (base.standInNode) process.stdout.write(`(base: stand-in with host Node ${base.standInNode})\n`);
  process.stdout.write('\n');
  return failures;
}

async function main(): Promise<number> {
  log('step 1/5: podman, buildah, runc');
  await ensureContainerTools(log);

  log(`step 2/5: storage and runtime configuration in ${SCRATCH_DIR}`);
  const env = writeContainersConfig(SCRATCH_DIR);
  const onSignal = () => void cleanUp(env).finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let failures: string[];
  try {
    // A container left by an interrupted run would hold the names.
    await cleanUp(env);
    failures = await buildAndCheck(env);
  } catch (error) {
    if (!(error instanceof CheckFailed)) throw error;
    failures = SERVICE_IMAGES.map(() => error.message);
  } finally {
    log('removing the check containers and images');
    await cleanUp(env);
  }
  log(`done in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  process.stdout.write(
    `images: ${SERVICE_IMAGES.length - failures.length} passed, ${failures.length} failed\n`,
  );
  if (failures.length === 0) return 0;
  process.stderr.write(`images: ${failures[0]}\n`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`images: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
