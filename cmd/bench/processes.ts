import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';

/** A server running in a process of its own, as it would in its container. */
export interface ServerProcess {
  name: string;
  url: string;
  /** Date.now() when the process was spawned. */
  startedAt: number;
  /** CPU time the process has used so far (all its threads, user and system), in ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** utime + stime of /proc/<pid>/stat (fields 14 and 15, in clock ticks of 10 ms). */
function cpuMsOf(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** A port nothing listens on right now. */
export async function sparePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function healthy(url: string): Promise<boolean> {
  return fetch(`${url}/healthz`).then(
    (response) => response.ok,
    () => false,
  );
}

/**
 * Starts `node <script>` with `env` and waits until `healthUrl/healthz` answers. Its stdout
 * (the JSON log lines, written at the service's default level as deployed) goes to
 * /dev/null; stderr is kept to explain a failed start. `nodeFlags` adds e.g. --cpu-prof.
 */
export async function startProcess(options: {
  name: string;
  script: string;
  env: Record<string, string>;
  url: string;
  healthUrl?: string;
  nodeFlags?: string[];
}): Promise<ServerProcess> {
  const startedAt = Date.now();
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeFlags ?? []), options.script], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  const healthUrl = options.healthUrl ?? options.url;
  for (let i = 0; i < 300; i++) {
    if (await healthy(healthUrl))
      return { name: options.name, url: options.url, startedAt, stop, cpuMs: () => cpuMsOf(child.pid) };
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`${options.name} did not start:\n${stderr}`);
}

/** Stops every process, newest first, even when one stop fails. */
export async function stopAll(processes: ServerProcess[]): Promise<void> {
  for (const server of [...processes].reverse()) await server.stop().catch(() => undefined);
}
