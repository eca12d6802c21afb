import { interceptMethods, observe } from '../../../pkg/kit';

/** A method under a symbol: not a service method, so never intercepted. */
const RAW = Symbol('raw');

class Counter {
  count = 0;
  readonly label = 'counter';
  [Symbol.toStringTag] = 'Counter';
  [RAW]() {
    return 'called directly';
  }
  async add(by: number) {
    this.count += by;
    return this.count;
  }
  sync() {
    return 'not a promise';
  }
}

describe('interceptMethods', () => {
  it('passes each call’s method name through the interceptor, with the method run on the real object', async () => {
    const calls: string[] = [];
    const real = new Counter();
    const wrapped = interceptMethods(real, (method, invoke) => {
      calls.push(method);
      return invoke();
    });
    await expect(wrapped.add(2)).resolves.toBe(2);
    await expect(wrapped.add(3)).resolves.toBe(5);
    expect(calls).toEqual(['add', 'add']);
    expect(real.count).toBe(5);
  });

  it('leaves fields and symbol-keyed properties alone', () => {
    const wrapped = interceptMethods(new Counter(), () => Promise.reject(new Error('intercepted')));
    expect(wrapped.label).toBe('counter');
    expect(wrapped.count).toBe(0);
    expect(Object.prototype.toString.call(wrapped)).toBe('[object Counter]');
    expect(wrapped[RAW]()).toBe('called directly');
  });

  it('turns a method’s plain result into a promise', async () => {
    const wrapped = interceptMethods(new Counter(), (_method, invoke) => invoke());
    await expect(wrapped.sync() as unknown as Promise<string>).resolves.toBe('not a promise');
  });

  it('gives the same wrapped function for a method each time', () => {
    const wrapped = interceptMethods(new Counter(), (_method, invoke) => invoke());
    expect(wrapped.add).toBe(wrapped.add);
  });
});

describe('observe', () => {
  it('reports a success as no failure and keeps the result', async () => {
    const settled: unknown[] = [];
    await expect(
      observe(
        async () => 'done',
        (failure) => settled.push(failure),
      ),
    ).resolves.toBe('done');
    expect(settled).toEqual([undefined]);
  });

  it('reports a failure and rethrows it unchanged', async () => {
    const settled: unknown[] = [];
    const failure = new Error('boom');
    await expect(
      observe(
        () => Promise.reject(failure),
        (error) => settled.push(error),
      ),
    ).rejects.toBe(failure);
    expect(settled).toEqual([failure]);
  });
});
