import {
  CallPolicy,
  DEFAULT_HALF_OPEN_AFTER_MS,
  DeadlineExceededError,
  InternalError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitedError,
  UnavailableError,
  isDependencyFailure,
} from '../../../pkg/kit';

const fail = (error: Error) => () => Promise.reject(error);
const succeed = () => Promise.resolve('ok');

describe('CallPolicy', () => {
  it('counts transport failures and 5xx as dependency failures, never a 4xx', () => {
    expect(isDependencyFailure(new UnavailableError('down'))).toBe(true);
    expect(isDependencyFailure(new InternalError())).toBe(true);
    expect(isDependencyFailure(new DeadlineExceededError('slow'))).toBe(true);
    expect(isDependencyFailure(new TypeError('fetch failed'))).toBe(true);
    for (const callerMistake of [
      new InvalidArgumentError('bad page token'),
      new NotFoundError('no such link'),
      new PermissionDeniedError(),
      new RateLimitedError(),
    ]) {
      expect(isDependencyFailure(callerMistake)).toBe(false);
    }
  });

  it('a flood of 4xx answers never opens the circuit', async () => {
    const policy = new CallPolicy({ target: 'link-service', breakAfter: 3, maxAttempts: 1 });
    for (let i = 0; i < 50; i++) {
      await expect(policy.execute(fail(new InvalidArgumentError('bad token')), true)).rejects.toBeInstanceOf(
        InvalidArgumentError,
      );
      await expect(policy.execute(fail(new NotFoundError('gone')), false)).rejects.toBeInstanceOf(
        NotFoundError,
      );
    }
    await expect(policy.execute(succeed, false)).resolves.toBe('ok');
  });

  it('never retries a 4xx or a 500, retries an idempotent call while the dependency is unavailable', async () => {
    const policy = new CallPolicy({ target: 'link-service', maxAttempts: 3, breakAfter: 100 });
    for (const error of [new InvalidArgumentError('bad'), new InternalError()]) {
      let calls = 0;
      await expect(policy.execute(() => ((calls += 1), Promise.reject(error)), true)).rejects.toBe(error);
      expect(calls).toBe(1);
    }
    let calls = 0;
    const flaky = () => ((calls += 1), calls < 3 ? Promise.reject(new UnavailableError('down')) : succeed());
    await expect(policy.execute(flaky, true)).resolves.toBe('ok');
    expect(calls).toBe(3);
  });

  it('makes three attempts of an idempotent call by default, then gives the failure up', async () => {
    const policy = new CallPolicy({ target: 'link-service', breakAfter: 100 });
    const down = new UnavailableError('down');
    let calls = 0;
    await expect(policy.execute(() => ((calls += 1), Promise.reject(down)), true)).rejects.toBe(down);
    expect(calls).toBe(3);
  });

  it('makes exactly the attempts it is given, however many', async () => {
    const policy = new CallPolicy({ target: 'link-service', maxAttempts: 2, breakAfter: 100 });
    let calls = 0;
    await expect(
      policy.execute(() => ((calls += 1), Promise.reject(new UnavailableError('down'))), true),
    ).rejects.toBeInstanceOf(UnavailableError);
    expect(calls).toBe(2);
  });

  it('opens on consecutive 5xx and probes again within about a second by default', async () => {
    expect(DEFAULT_HALF_OPEN_AFTER_MS).toBeLessThanOrEqual(1000);
    const policy = new CallPolicy({ target: 'link-service', breakAfter: 2, maxAttempts: 1 });
    await expect(policy.execute(fail(new InternalError()), false)).rejects.toBeInstanceOf(InternalError);
    await expect(policy.execute(fail(new UnavailableError('down')), false)).rejects.toBeInstanceOf(
      UnavailableError,
    );
    let reached = false;
    const probe = () => ((reached = true), succeed());
    await expect(policy.execute(probe, false)).rejects.toThrow('link-service is unavailable (circuit open)');
    expect(reached).toBe(false);

    const openedAt = Date.now();
    while (!(await policy.execute(probe, false).catch(() => undefined))) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const halfOpenAfter = Date.now() - openedAt;
    expect(halfOpenAfter).toBeLessThan(1500);
    expect(halfOpenAfter).toBeGreaterThanOrEqual(DEFAULT_HALF_OPEN_AFTER_MS - 50);
  });
});
