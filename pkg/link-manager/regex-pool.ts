import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RegexAnswer, RegexJob } from './regex-job';

/** A job did not finish by its deadline: it was dropped from the queue, or its worker was killed. */
export class RegexDeadlineError extends Error {
  constructor() {
    super('the regular expressions did not finish within their time budget');
  }
}

interface Pending {
  job: RegexJob;
  deadline: number;
  resolve: (answer: RegexAnswer) => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
  worker?: Worker;
}

/**
 * A small pool of worker threads that run the link filters (regex-worker.ts). RE2 is linear
 * but not cheap: one valid pattern over one long field can run for seconds, and a JS call
 * cannot be interrupted, so matching on the event loop froze the whole service. Here the
 * event loop only waits, and every job has a hard deadline: a job still queued at its
 * deadline is dropped, and a worker still running one is terminated and replaced later.
 * Workers are started on demand, hold the process open only while they work, and are
 * stopped after a while idle.
 */
export class RegexPool {
  private readonly idle: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<Worker, Pending>();
  private readonly idleTimers = new Map<Worker, NodeJS.Timeout>();
  private live = 0;

  constructor(
    private readonly size: number,
    private readonly idleMs = 30_000,
  ) {}

  /** Runs `job` on a worker; rejects with RegexDeadlineError at `deadline` (a performance.now() time). */
  run(job: RegexJob, deadline: number): Promise<RegexAnswer> {
    return new Promise((resolve, reject) => {
      const pending: Pending = { job, deadline, resolve, reject };
      pending.timer = setTimeout(() => this.expire(pending), Math.max(0, deadline - performance.now()));
      this.queue.push(pending);
      this.dispatch();
    });
  }

  /** Stops every worker; jobs in flight fail. */
  async close(): Promise<void> {
    const workers = [...this.idle, ...this.running.keys()];
    for (const pending of [...this.queue, ...this.running.values()]) {
      clearTimeout(pending.timer);
      pending.reject(new Error('the regex pool is closed'));
    }
    this.queue.length = 0;
    await Promise.all(workers.map((worker) => this.retire(worker)));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const pending = this.queue[0];
      // Its timer may not have fired yet, and a warm worker could answer before it does.
      if (performance.now() >= pending.deadline) {
        this.expire(pending);
        continue;
      }
      const worker = this.idle.pop() ?? (this.live < this.size ? this.spawn() : undefined);
      if (!worker) return;
      this.queue.shift();
      clearTimeout(this.idleTimers.get(worker));
      this.idleTimers.delete(worker);
      pending.worker = worker;
      this.running.set(worker, pending);
      worker.ref();
      worker.postMessage(pending.job);
    }
  }

  private spawn(): Worker {
    const worker = startRegexWorker();
    this.live++;
    worker.on('message', (answer: RegexAnswer) => {
      const pending = this.running.get(worker);
      if (!pending) return; // its deadline passed: the worker is being terminated
      this.running.delete(worker);
      clearTimeout(pending.timer);
      pending.resolve(answer);
      this.release(worker);
    });
    // A crash (an uncaught error, out of memory) fails the job it ran, not the pool.
    const crashed = (error: Error) => {
      const pending = this.running.get(worker);
      clearTimeout(pending?.timer);
      pending?.reject(error);
      void this.retire(worker);
    };
    worker.on('error', crashed);
    worker.on('exit', (code) => crashed(new Error(`a regex worker exited with code ${code}`)));
    return worker;
  }

  /** A finished worker goes back to the pool, stopped if nobody needs it for a while. */
  private release(worker: Worker): void {
    worker.unref();
    this.idle.push(worker);
    const timer = setTimeout(() => void this.retire(worker), this.idleMs);
    timer.unref();
    this.idleTimers.set(worker, timer);
    this.dispatch();
  }

  private expire(pending: Pending): void {
    clearTimeout(pending.timer);
    const queued = this.queue.indexOf(pending);
    if (queued >= 0) this.queue.splice(queued, 1);
    // A running job cannot be interrupted, only its thread: terminate it; the next job spawns another.
    else if (pending.worker) void this.retire(pending.worker);
    pending.reject(new RegexDeadlineError());
  }

  private async retire(worker: Worker): Promise<void> {
    if (!this.running.delete(worker) && !this.idle.includes(worker)) return;
    const index = this.idle.indexOf(worker);
    if (index >= 0) this.idle.splice(index, 1);
    clearTimeout(this.idleTimers.get(worker));
    this.idleTimers.delete(worker);
    this.live--;
    this.dispatch();
    await worker.terminate();
  }
}

/**
 * The built service runs dist/…/regex-worker.js. Under jest the sources run as TypeScript
 * (compiled by swc on load), and a worker thread does not inherit jest's transform, so the
 * worker compiles its .ts files with the same swc on require.
 */
function startRegexWorker(): Worker {
  if (__filename.endsWith('.js')) return new Worker(join(__dirname, 'regex-worker.js'));
  const swc = require.resolve('@swc/core');
  const entry = join(__dirname, 'regex-worker.ts');
  const bootstrap = `
    const { readFileSync } = require('node:fs');
    const { transformSync } = require(${JSON.stringify(swc)});
    require.extensions['.ts'] = (module, filename) => {
      const options = { filename, jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } };
      module._compile(transformSync(readFileSync(filename, 'utf8'), options).code, filename);
    };
    require(${JSON.stringify(entry)});
  `;
  return new Worker(bootstrap, { eval: true });
}

/** Workers for the link filters: two at least, so one hostile query cannot hold every filter. */
const POOL_SIZE = Math.max(2, Math.min(4, availableParallelism() - 1));
let shared: RegexPool | undefined;

/** The process-wide pool (one per process, whichever services it runs). */
export function sharedRegexPool(): RegexPool {
  shared ??= new RegexPool(POOL_SIZE);
  return shared;
}
