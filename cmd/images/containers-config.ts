import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Configuration for podman and buildah that belongs to this check, never to the
 * Dockerfile: the check's own storage in a scratch directory (overlay is ~9x faster
 * than vfs), and a runtime that works on a machine with mixed cgroup v1/v2.
 */

/** Overlay storage kept under `scratchDir`, so the check touches no system-wide image store. */
export function storageConf(scratchDir: string): string {
  return [
    '[storage]',
    'driver = "overlay"',
    `graphroot = ${tomlString(path.join(scratchDir, 'storage'))}`,
    `runroot = ${tomlString(path.join(scratchDir, 'run'))}`,
    '',
  ].join('\n');
}

/**
 * runc, because crun refuses hybrid cgroups; cgroupfs and a file events log, because no
 * systemd runs here; ulimits no higher than the host allows, because a container may
 * not raise its limits (setrlimit fails otherwise).
 */
export function containersConf(): string {
  return [
    '[containers]',
    'default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]',
    '',
    '[engine]',
    'runtime = "runc"',
    'cgroup_manager = "cgroupfs"',
    'events_logger = "file"',
    '',
  ].join('\n');
}

/** A TOML basic string: quotes and backslashes escaped. */
export function tomlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Writes both files and returns the environment every podman/buildah call must get. */
export function writeContainersConfig(scratchDir: string): NodeJS.ProcessEnv {
  mkdirSync(scratchDir, { recursive: true });
  const storagePath = path.join(scratchDir, 'storage.conf');
  const containersPath = path.join(scratchDir, 'containers.conf');
  writeFileSync(storagePath, storageConf(scratchDir));
  writeFileSync(containersPath, containersConf());
  return {
    ...process.env,
    CONTAINERS_STORAGE_CONF: storagePath,
    CONTAINERS_CONF: containersPath,
  };
}
