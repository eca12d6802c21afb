import { Closers } from '../../../pkg/kit';

describe('Closers', () => {
  it('returns what it was given, so opening and registering read as one line', () => {
    const closers = new Closers();
    const pool = { name: 'pool' };
    expect(closers.push(pool, () => {})).toBe(pool);
  });

  it('closes in the reverse of the opening order, each with its own resource', async () => {
    const closed: string[] = [];
    const closers = new Closers();
    closers.push('database', (name) => closed.push(name));
    closers.push('event bus', async (name) => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      closed.push(name);
    });
    closers.push('http server', (name) => closed.push(name));
    await closers.closeAll();
    expect(closed).toEqual(['http server', 'event bus', 'database']);
  });

  it('closes the rest when one close fails, then throws the first failure', async () => {
    const closed: string[] = [];
    const first = new Error('http server would not close');
    const closers = new Closers();
    closers.push('database', (name) => closed.push(name));
    closers.push('event bus', () => Promise.reject(new Error('drain failed')));
    closers.push('http server', () => {
      throw first;
    });
    await expect(closers.closeAll()).rejects.toBe(first);
    expect(closed).toEqual(['database']);
  });

  it('closes each resource once, even when asked twice', async () => {
    let closes = 0;
    const closers = new Closers();
    closers.push('database', () => closes++);
    await closers.closeAll();
    await closers.closeAll();
    expect(closes).toBe(1);
  });

  it('closes nothing and succeeds when nothing was opened', async () => {
    await expect(new Closers().closeAll()).resolves.toBeUndefined();
  });
});
