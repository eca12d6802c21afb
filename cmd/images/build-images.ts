import { runOrFail } from './run';
import { imageTag } from './services';

const BUILD_TIMEOUT_MS = 20 * 60_000;

/**
 * `podman build --target <service>`: the first target builds the shared stages (npm ci,
 * tsc, prune), the others reuse them from the layer cache. --pull=never, because the base
 * is either present or a local stand-in; the ignore file is named because podman 4.3
 * only looks for one at the root of the context.
 */
export async function buildImage(
  env: NodeJS.ProcessEnv,
  repoRoot: string,
  service: string,
  baseImage: string,
): Promise<void> {
  await runOrFail(
    `podman build --target ${service}`,
    'podman',
    [
      'build',
      '--pull=never',
      '--layers',
      '--file',
      'docker/Dockerfile',
      '--ignorefile',
      'docker/.dockerignore',
      '--build-arg',
      `NODE_IMAGE=${baseImage}`,
      '--target',
      service,
      '--tag',
      imageTag(service),
      '.',
    ],
    { timeoutMs: BUILD_TIMEOUT_MS, env, cwd: repoRoot },
  );
}
