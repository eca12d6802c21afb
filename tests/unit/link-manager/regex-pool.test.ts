import { RegexDeadlineError, RegexPool } from '../../../pkg/link-manager/regex-pool';

/**
 * Tens of seconds of RE2 work: a valid 999-character pattern over twenty 10 000-character
 * fields, far past every deadline below however fast the machine.
 */
const stuck = {
  patterns: ['\\pL{1000}'.repeat(111)],
  texts: Array.from({ length: 20 }, () => ['x'.repeat(10_000)]),
};
const quick = { patterns: ['^go'], texts: [['golang'], ['ago']] };

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

  it('refuses a job whose deadline has already passed', async () => {
    pool = new RegexPool(1);
    await expect(pool.run(quick, performance.now())).rejects.toBeInstanceOf(RegexDeadlineError);
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
