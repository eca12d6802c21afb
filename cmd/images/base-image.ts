import { lookup } from 'node:dns/promises';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import * as path from 'node:path';
import { findOnPath } from './install-tools';
import { CheckFailed, run, runOrFail } from './run';

/** The base the Dockerfile names (its NODE_IMAGE default), fully qualified. */
export const OFFICIAL_BASE = 'docker.io/library/node:22.20.0-bookworm-slim';

/** Marks a stand-in and records the host Node it carries, so a changed host Node rebuilds it. */
const STAND_IN_LABEL = 'org.delinkcious.base-stand-in';
const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
const PULL_TIMEOUT_MS = 60_000;

export interface BaseImage {
  name: string;
  /** The host Node version when the base is a local stand-in, undefined for the official image. */
  standInNode?: string;
  /** The stand-in was built by an earlier run (it is kept in the scratch storage). */
  cached?: boolean;
}

/** The absolute paths of the shared libraries in `ldd` output (the vdso has none). */
export function parseLdd(output: string): string[] {
  const paths = output
    .split('\n')
    .map((line) => /(?:=>\s*)?(\/\S+)\s+\(0x[0-9a-f]+\)/.exec(line)?.[1])
    .filter((found): found is string => found !== undefined);
  return [...new Set(paths)];
}

async function registryReachable(): Promise<boolean> {
  try {
    await lookup('registry-1.docker.io');
    return true;
  } catch {
    return false;
  }
}

async function standInVersion(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const format = `{{ index .Labels "${STAND_IN_LABEL}" }}`;
  const inspect = await run('podman', ['image', 'inspect', '--format', format, OFFICIAL_BASE], {
    timeoutMs: 30_000,
    env,
  });
  const value = inspect.stdout.trim();
  return value === '' || value === '<no value>' ? undefined : value;
}

/**
 * The official base when it is present or can be pulled; otherwise (no registry on this
 * machine) a stand-in tagged with the official name, so the Dockerfile builds unmodified
 * with --pull=never. A stand-in is kept for the next run unless the host Node changed.
 */
export async function ensureBaseImage(
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<BaseImage> {
  const exists = await run('podman', ['image', 'exists', OFFICIAL_BASE], { timeoutMs: 30_000, env });
  if (exists.code === 0) {
    const standIn = await standInVersion(env);
    if (standIn === undefined) return { name: OFFICIAL_BASE };
    if (standIn === process.version) return { name: OFFICIAL_BASE, standInNode: standIn, cached: true };
    log(`cached stand-in carries Node ${standIn}, the host has ${process.version}: rebuilding it`);
    await runOrFail('removing the old stand-in', 'podman', ['rmi', '-f', OFFICIAL_BASE], {
      timeoutMs: 60_000,
      env,
    });
  } else if (await registryReachable()) {
    log(`pulling ${OFFICIAL_BASE} …`);
    const pull = await run('podman', ['pull', OFFICIAL_BASE], { timeoutMs: PULL_TIMEOUT_MS, env });
    if (pull.code === 0) return { name: OFFICIAL_BASE };
    log(`pull failed (${pull.timedOut ? 'timed out' : `exit ${pull.code}`}): building a local stand-in`);
  } else {
    log('no container registry is reachable: building a local stand-in for the base image');
  }
  await buildStandIn(env);
  return { name: OFFICIAL_BASE, standInNode: process.version };
}

/** Copies a host file to `root`; /lib and /lib64 paths go under /usr, as in Debian's merged /usr. */
function copyIntoRoot(root: string, hostPath: string, imagePath = hostPath): void {
  const target = path.join(root, imagePath.replace(/^\/(lib|lib64)\//, '/usr/$1/'));
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(realpathSync(hostPath), target);
  chmodSync(target, 0o755);
}

async function librariesOf(binaries: string[]): Promise<string[]> {
  const result = await runOrFail('ldd', 'ldd', binaries, { timeoutMs: 30_000 });
  return parseLdd(result.stdout);
}

/** The root filesystem of the stand-in: host node + its libraries, dash, env, npm, CA bundle, users. */
async function fillRoot(root: string): Promise<void> {
  const node = process.execPath;
  const dash = findOnPath('dash');
  const env = findOnPath('env');
  const npmCli = findOnPath('npm');
  if (!dash || !env || !npmCli) throw new CheckFailed('the stand-in needs dash, env and npm on the host');
  const npmDir = path.resolve(path.dirname(realpathSync(npmCli)), '..');

  for (const dir of [
    'usr/bin',
    'usr/lib',
    'usr/lib64',
    'usr/sbin',
    'usr/local/bin',
    'usr/local/lib/node_modules',
  ])
    mkdirSync(path.join(root, dir), { recursive: true });
  for (const [link, target] of [
    ['bin', 'usr/bin'],
    ['lib', 'usr/lib'],
    ['lib64', 'usr/lib64'],
    ['sbin', 'usr/sbin'],
  ])
    symlinkSync(target, path.join(root, link));

  copyIntoRoot(root, node, '/usr/local/bin/node');
  copyIntoRoot(root, dash, '/usr/bin/dash');
  copyIntoRoot(root, env, '/usr/bin/env');
  for (const library of await librariesOf([node, dash, env])) copyIntoRoot(root, library);
  symlinkSync('dash', path.join(root, 'usr/bin/sh'));

  cpSync(npmDir, path.join(root, 'usr/local/lib/node_modules/npm'), {
    recursive: true,
    verbatimSymlinks: true,
  });
  symlinkSync('../lib/node_modules/npm/bin/npm-cli.js', path.join(root, 'usr/local/bin/npm'));
  symlinkSync('../lib/node_modules/npm/bin/npx-cli.js', path.join(root, 'usr/local/bin/npx'));

  // The registry's TLS here is signed by a CA only the host bundle has.
  mkdirSync(path.join(root, 'etc/ssl/certs'), { recursive: true });
  copyFileSync(CA_BUNDLE, path.join(root, CA_BUNDLE));
  mkdirSync(path.join(root, 'usr/local/etc'), { recursive: true });
  writeFileSync(path.join(root, 'usr/local/etc/npmrc'), `cafile=${CA_BUNDLE}\n`);

  // As in the official image: root, and the unprivileged `node` user with uid/gid 1000.
  writeFileSync(
    path.join(root, 'etc/passwd'),
    'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n',
  );
  writeFileSync(path.join(root, 'etc/group'), 'root:x:0:\nnode:x:1000:\n');
  writeFileSync(path.join(root, 'etc/nsswitch.conf'), 'passwd: files\ngroup: files\nhosts: files dns\n');
  mkdirSync(path.join(root, 'tmp'));
  chmodSync(path.join(root, 'tmp'), 0o1777);
  mkdirSync(path.join(root, 'root'), { mode: 0o700 });
  mkdirSync(path.join(root, 'home/node'), { recursive: true });
  chownSync(path.join(root, 'home/node'), 1000, 1000);
}

/** `buildah from scratch`, filled through its mount point, committed under the official name. */
async function buildStandIn(env: NodeJS.ProcessEnv): Promise<void> {
  const options = { timeoutMs: 120_000, env };
  const container = (
    await runOrFail('buildah from scratch', 'buildah', ['from', 'scratch'], options)
  ).stdout.trim();
  try {
    const mount = (await runOrFail('buildah mount', 'buildah', ['mount', container], options)).stdout.trim();
    await fillRoot(mount);
    await runOrFail('buildah umount', 'buildah', ['umount', container], options);
    await runOrFail(
      'buildah config',
      'buildah',
      [
        'config',
        '--env',
        'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        '--env',
        `NODE_VERSION=${process.version.slice(1)}`,
        '--env',
        `NODE_EXTRA_CA_CERTS=${CA_BUNDLE}`,
        '--cmd',
        'node',
        '--label',
        `${STAND_IN_LABEL}=${process.version}`,
        container,
      ],
      options,
    );
    await runOrFail('buildah commit', 'buildah', ['commit', '--rm', container, OFFICIAL_BASE], options);
  } catch (error) {
    await run('buildah', ['rm', container], options);
    throw error;
  }
}
