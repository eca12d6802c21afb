import { Worker } from 'node:worker_threads';
import { RegexDeadlineError, RegexPool, sharedRegexPool } from '../../../pkg/link-manager/regex-pool';

/**
 * Tens of seconds of RE2 work: a valid 999-character pattern over twenty 10 000-character
 * fields, far past every deadline below however fast the machine.
 */
const stuck = {
  patterns: ['\\pL{1000}'.repeat(111)],
  texts: Array.from({ length: 20 }, () => ['x'.repeat(10_000)]),
};
const quick = { patterns: ['^go'], texts: [['golang'], ['ago']] };
/** Some hundreds of milliseconds to seconds of work: longer than the short idle times below. */
const medium = { patterns: ['\\pL{1000}'], texts: Array.from({ length: 3 }, () => ['x'.repeat(10_000)]) };
/** Makes the worker throw: its message handler reads `texts`. */
const crashing = { patterns: ['a'], texts: null as unknown as string[][] };
const far = () => performance.now() + 10_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * Counts the timers set from now on that still hold the process open (neither fired, cleared
 * nor unref'd). Only these: jest's own timers come and go while a test runs.
 */
function watchTimers(): () => number {
  const pending = new Set<NodeJS.Timeout>();
  const { setTimeout: set, clearTimeout: clear } = global;
  jest.spyOn(global, 'setTimeout').mockImplementation(((
    callback: (...args: unknown[]) => void,
    ms?: number,
    ...args: unknown[]
  ) => {
    const timer = set(
      (...given: unknown[]) => {
        pending.delete(timer);
        callback(...given);
      },
      ms,
      ...args,
    );
    pending.add(timer);
    return timer;
  }) as typeof setTimeout);
  jest.spyOn(global, 'clearTimeout').mockImplementation((timer) => {
    pending.delete(timer as NodeJS.Timeout);
    clear(timer);
  });
  return () => [...pending].filter((timer) => timer.hasRef()).length;
}

afterEach(() => jest.restoreAllMocks());

describe('RegexPool', () => {
  let pool: RegexPool;
  afterEach(() => pool.close());

  it('answers matches and invalid patterns', async () => {
    pool = new RegexPool(1);
    const far = performance.now() + 10_000;
    expect(await pool.run(quick, far)).toEqual({ matches: [0] });
    expect(await pool.run({ patterns: ['ok', '('], texts: [] }, far)).toEqual({
      invalid: 1,
      message: expect.stringMatching(/missing closing \)/),
    });
  });

  it('terminates a worker still running at the deadline, and serves the next job on a new one', async () => {
    pool = new RegexPool(1);
    const started = performance.now();
    await expect(pool.run(stuck, started + 500)).rejects.toBeInstanceOf(RegexDeadlineError);
    // The match alone takes seconds; the caller had its answer at the deadline.
    expect(performance.now() - started).toBeLessThan(1500);
    expect(await pool.run(quick, performance.now() + 10_000)).toEqual({ matches: [0] });
  });

  it('drops a job still queued at its deadline without waiting for the busy worker', async () => {
    pool = new RegexPool(1);
    const started = performance.now();
    const running = pool.run(stuck, started + 3000);
    const queued = pool.run(quick, started + 300);
    await expect(queued).rejects.toBeInstanceOf(RegexDeadlineError);
    expect(performance.now() - started).toBeLessThan(2000);
    await expect(running).rejects.toBeInstanceOf(RegexDeadlineError);
  });

  it('refuses a job whose deadline has already passed, without starting a worker, saying why', async () => {
    pool = new RegexPool(1);
    const post = jest.spyOn(Worker.prototype, 'postMessage');
    await expect(pool.run(quick, performance.now())).rejects.toThrow(new RegexDeadlineError().message);
    expect(new RegexDeadlineError().message).toBe(
      'the regular expressions did not finish within their time budget',
    );
    expect(post).not.toHaveBeenCalled();
  });

  it('refuses a job due at the very moment it is given, leaving no timer behind', async () => {
    pool = new RegexPool(1);
    const post = jest.spyOn(Worker.prototype, 'postMessage');
    jest.spyOn(performance, 'now').mockReturnValue(1000);
    const heldTimers = watchTimers();
    await expect(pool.run(quick, 1000)).rejects.toBeInstanceOf(RegexDeadlineError);
    expect(heldTimers()).toBe(0);
    expect(post).not.toHaveBeenCalled();
  });

  it('starts a job due a millisecond later', async () => {
    pool = new RegexPool(1);
    const post = jest.spyOn(Worker.prototype, 'postMessage');
    jest.spyOn(performance, 'now').mockReturnValue(1000);
    await pool.run(quick, 1001).catch(() => {});
    expect(post).toHaveBeenCalledTimes(1);
  });

  it('fails the jobs in flight when closed', async () => {
    pool = new RegexPool(1);
    const running = pool.run(stuck, performance.now() + 10_000);
    const queued = pool.run(quick, performance.now() + 10_000);
    const failed = [running, queued].map((job) => expect(job).rejects.toThrow('the regex pool is closed'));
    await pool.close();
    await Promise.all(failed);
  });
});

describe('RegexPool workers', () => {
  let pool: RegexPool;
  afterEach(() => pool.close());
  /** The workers that were given jobs, in order. */
  const workersOf = (post: jest.SpyInstance) => post.mock.contexts as Worker[];

  it('reuses a worker that finished for the next job', async () => {
    pool = new RegexPool(2);
    const post = jest.spyOn(Worker.prototype, 'postMessage');
    await pool.run(quick, far());
    await pool.run(quick, far());
    const [first, second] = workersOf(post);
    expect(second).toBe(first);
  });

  it('runs as many jobs at once as it has workers', async () => {
    pool = new RegexPool(2);
    const running = pool.run(stuck, far()).catch((error: Error) => error.message);
    expect(await pool.run(quick, far())).toEqual({ matches: [0] });
    await pool.close();
    expect(await running).toBe('the regex pool is closed');
  });

  it('runs a queued job as soon as the worker before it is free', async () => {
    pool = new RegexPool(1);
    const [first, second] = [pool.run(quick, far()), pool.run({ ...quick, texts: [['ago']] }, far())];
    expect(await first).toEqual({ matches: [0] });
    expect(await second).toEqual({ matches: [] });
  });

  it('keeps its idle workers when a busy one is stopped at its deadline', async () => {
    pool = new RegexPool(2);
    const post = jest.spyOn(Worker.prototype, 'postMessage');
    await Promise.all([pool.run(quick, far()), pool.run(quick, far())]);
    await expect(pool.run(stuck, performance.now() + 300)).rejects.toBeInstanceOf(RegexDeadlineError);
    await pool.run(quick, far());
    const [first, second, stopped, next] = workersOf(post);
    expect(next).not.toBe(stopped);
    expect([first, second]).toContain(next);
  });

  it('runs a queued job on a new worker once the busy one was stopped at its deadline', async () => {
    pool = new RegexPool(1);
    const running = pool.run(stuck, performance.now() + 300);
    const queued = pool.run(quick, far());
    await expect(running).rejects.toBeInstanceOf(RegexDeadlineError);
    expect(await queued).toEqual({ matches: [0] });
  });

  it('holds the process open while a worker runs a job, not while it waits for one', async () => {
    pool = new RegexPool(1);
    const calls: string[] = [];
    jest.spyOn(Worker.prototype, 'ref').mockImplementation(() => void calls.push('ref'));
    jest.spyOn(Worker.prototype, 'unref').mockImplementation(() => void calls.push('unref'));
    const heldTimers = watchTimers();
    await pool.run(quick, far());
    expect(calls).toEqual(['ref', 'unref']);
    expect(heldTimers()).toBe(0);
  });

  it('stops a worker idle for idleMs, and starts another for the next job', async () => {
    pool = new RegexPool(1, 50);
    const post = jest.spyOn(Worker.prototype, 'postMessage');
    const terminate = jest.spyOn(Worker.prototype, 'terminate');
    await pool.run(quick, far());
    await sleep(300);
    expect(terminate).toHaveBeenCalledTimes(1);
    expect(await pool.run(quick, far())).toEqual({ matches: [0] });
    const [first, second] = workersOf(post);
    expect(second).not.toBe(first);
  });

  it('keeps a worker that is idle for less than idleMs', async () => {
    pool = new RegexPool(1, 10_000);
    const terminate = jest.spyOn(Worker.prototype, 'terminate');
    await pool.run(quick, far());
    await sleep(300);
    expect(terminate).not.toHaveBeenCalled();
  });

  it('does not stop a worker that went back to work before its idle time ran out', async () => {
    pool = new RegexPool(1, 50);
    await pool.run(quick, far());
    expect(await pool.run(medium, far())).toEqual({ matches: [0, 1, 2] });
  });

  it('fails the job of a worker that crashes, and serves the next on a new worker', async () => {
    pool = new RegexPool(1);
    const heldTimers = watchTimers();
    await expect(pool.run(crashing, far())).rejects.toThrow(/null/);
    expect(heldTimers()).toBe(0);
    expect(await pool.run(quick, far())).toEqual({ matches: [0] });
  });

  it('fails the job of a worker that exits, saying so', async () => {
    pool = new RegexPool(1);
    const post = jest.spyOn(Worker.prototype, 'postMessage');
    const running = pool.run(stuck, far());
    await workersOf(post)[0].terminate();
    await expect(running).rejects.toThrow(/^a regex worker exited with code \d+$/);
  });

  it('still runs no more jobs at once than it has workers after a crash', async () => {
    pool = new RegexPool(1);
    await expect(pool.run(crashing, far())).rejects.toThrow();
    await sleep(100); // the crashed worker's exit
    const started = performance.now();
    const running = pool.run(stuck, far()).catch((error: Error) => error.message);
    await expect(pool.run(quick, started + 300)).rejects.toBeInstanceOf(RegexDeadlineError);
    await pool.close();
    expect(await running).toBe('the regex pool is closed');
  });

  it('stops every worker, busy or idle, when closed, and starts none for the jobs it failed', async () => {
    pool = new RegexPool(2);
    const post = jest.spyOn(Worker.prototype, 'postMessage');
    const terminate = jest.spyOn(Worker.prototype, 'terminate');
    const running = pool.run(stuck, far());
    await pool.run(quick, far());
    const queued = pool.run(quick, far()).catch((error: Error) => error.message);
    expect(post).toHaveBeenCalledTimes(3);
    const stillQueued = [pool.run(stuck, far()), pool.run(quick, far())].map((job) =>
      job.catch((error: Error) => error.message),
    );
    running.catch(() => {});
    await pool.close();
    expect(terminate).toHaveBeenCalledTimes(2);
    expect(post).toHaveBeenCalledTimes(3);
    expect(await Promise.all([queued, ...stillQueued])).toEqual([
      'the regex pool is closed',
      'the regex pool is closed',
      'the regex pool is closed',
    ]);
  });

  it('ignores an answer that arrives after its job was failed', async () => {
    pool = new RegexPool(1);
    await pool.run(quick, far());
    const job = pool.run(quick, far()).catch((error: Error) => error.message);
    // Blocks this thread while the worker answers: the answer waits to be read until after close().
    const until = performance.now() + 300;
    while (performance.now() < until);
    await pool.close();
    expect(await job).toBe('the regex pool is closed');
    await sleep(100);
  });

  it('leaves no deadline timer behind when closed', async () => {
    pool = new RegexPool(1);
    const heldTimers = watchTimers();
    const jobs = [pool.run(stuck, far()), pool.run(quick, far())].map((job) => job.catch(() => {}));
    expect(heldTimers()).toBe(2);
    await pool.close();
    await Promise.all(jobs);
    expect(heldTimers()).toBe(0);
  });
});

describe('sharedRegexPool', () => {
  it('is one pool for the whole process', () => {
    expect(sharedRegexPool()).toBeInstanceOf(RegexPool);
    expect(sharedRegexPool()).toBe(sharedRegexPool());
  });
});
