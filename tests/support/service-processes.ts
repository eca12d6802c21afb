import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/** Services started as containers start them (`node dist/svc/<name>/main.js`), each in a process of its own. */
export class ServiceProcesses {
  private readonly children: ChildProcess[] = [];
  readonly logs: Record<string, string> = {};

  /** Starts one and waits for its /healthz on `healthPort`. */
  async start(name: string, env: Record<string, string>, healthPort: number): Promise<void> {
    const child = spawn(process.execPath, [`dist/svc/${name}/main.js`], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.push(child);
    this.logs[name] = '';
    child.stdout!.on('data', (chunk) => (this.logs[name] += chunk));
    child.stderr!.on('data', (chunk) => (this.logs[name] += chunk));
    for (let i = 0; i < 300; i++) {
      const ok = await fetch(`http://127.0.0.1:${healthPort}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${name} did not start:\n${this.logs[name]}`);
  }

  /** SIGTERM to each, as Kubernetes stops a pod, waiting for them to exit. */
  async stopAll(): Promise<void> {
    await Promise.all(
      this.children.map(async (child) => {
        if (child.exitCode !== null) return;
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      }),
    );
  }
}
