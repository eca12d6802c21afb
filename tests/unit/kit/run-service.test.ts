import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { ConfigError, runService, serviceMain, type ServiceProcess } from '../../../pkg/kit';

/** A process whose signals the test sends, and whose stderr and exit code it reads. */
class FakeProcess extends EventEmitter implements ServiceProcess {
  readonly written: string[] = [];
  readonly stderr = { write: (text: string) => this.written.push(text) };
  readonly exits: number[] = [];
  exit(code: number): void {
    this.exits.push(code);
  }
}

/** Lets a start that has settled run its continuation (signal handlers set up, or the exit). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A service whose stop the test ends: resolved, rejected, or left running. */
function stoppableService() {
  let stops = 0;
  let finish: (error?: Error) => void = () => {};
  const stop = () => {
    stops += 1;
    return new Promise<void>((resolve, reject) => {
      finish = (error) => (error ? reject(error) : resolve());
    });
  };
  return { stop, stops: () => stops, finish: (error?: Error) => finish(error) };
}

async function runningService(name = 'link-service') {
  const host = new FakeProcess();
  const service = stoppableService();
  runService(name, async () => service.stop, host);
  await settle();
  return { host, service };
}

describe('runService: starting', () => {
  it('runs until a signal, neither writing nor exiting', async () => {
    const { host, service } = await runningService();
    expect([host.written, host.exits, service.stops()]).toEqual([[], [], 0]);
  });

  it('prints a bad configuration as its one line, and exits 1', async () => {
    const host = new FakeProcess();
    runService(
      'link-service',
      () => Promise.reject(new ConfigError('invalid configuration: PORT is "x": expected number')),
      host,
    );
    await settle();
    expect(host.written).toEqual(['link-service: invalid configuration: PORT is "x": expected number\n']);
    expect(host.exits).toEqual([1]);
  });

  it('prints any other failed start as such, and exits 1', async () => {
    const host = new FakeProcess();
    runService('link-service', () => Promise.reject(new Error('connect ECONNREFUSED')), host);
    await settle();
    expect(host.written).toEqual(['link-service: failed to start: connect ECONNREFUSED\n']);
    expect(host.exits).toEqual([1]);
  });
});

describe('runService: stopping', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'stops on %s, says so, and exits 0 once stopped',
    async (signal) => {
      const { host, service } = await runningService();
      host.emit(signal);
      expect(host.written).toEqual([`link-service: ${signal} received, shutting down\n`]);
      expect(service.stops()).toBe(1);
      await settle();
      expect(host.exits).toEqual([]);
      service.finish();
      await settle();
      expect(host.exits).toEqual([0]);
    },
  );

  it('stops once, however many signals come while it stops', async () => {
    const { host, service } = await runningService();
    host.emit('SIGTERM');
    host.emit('SIGINT');
    host.emit('SIGTERM');
    expect(service.stops()).toBe(1);
    expect(host.written).toHaveLength(1);
  });

  it('prints a failed stop and exits 1', async () => {
    const { host, service } = await runningService();
    host.emit('SIGTERM');
    service.finish(new Error('pool would not drain'));
    await settle();
    expect(host.written.at(-1)).toBe('link-service: shutdown failed: pool would not drain\n');
    expect(host.exits).toEqual([1]);
  });
});

describe('runService: the shutdown deadline', () => {
  it('does not by itself keep the process alive', async () => {
    const timeouts = jest.spyOn(globalThis, 'setTimeout');
    try {
      const { host } = await runningService();
      host.emit('SIGTERM');
      const index = timeouts.mock.calls.findIndex(([, delay]) => delay === 10_000);
      const deadline = timeouts.mock.results[index].value as NodeJS.Timeout;
      clearTimeout(deadline);
      expect(deadline.hasRef()).toBe(false);
    } finally {
      timeouts.mockRestore();
    }
  });
});

describe('runService: a stop that hangs', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate'] }));
  afterEach(() => jest.useRealTimers());

  it('exits 1 after 10 s of waiting, and not before', async () => {
    const { host } = await runningService();
    host.emit('SIGTERM');
    jest.advanceTimersByTime(9_999);
    expect(host.exits).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(host.written.at(-1)).toBe('link-service: shutdown took over 10000 ms, exiting\n');
    expect(host.exits).toEqual([1]);
  });
});

describe('serviceMain', () => {
  it('starts the service with its config and a logger named after it, at the configured level', async () => {
    const host = new FakeProcess();
    const started: Array<[{ LOG_LEVEL: string }, Logger]> = [];
    serviceMain(
      'news-service',
      () => ({ LOG_LEVEL: 'warn' }),
      async (config, logger) => {
        started.push([config, logger]);
        return async () => {};
      },
      host,
    );
    await settle();
    expect(started).toHaveLength(1);
    const [config, logger] = started[0];
    expect(config).toEqual({ LOG_LEVEL: 'warn' });
    expect([logger.level, logger.bindings()]).toEqual([
      'warn',
      { name: 'news-service', service: 'news-service' },
    ]);
  });

  it('stops the service on a signal before exiting 0', async () => {
    const host = new FakeProcess();
    const service = stoppableService();
    serviceMain(
      'news-service',
      () => ({ LOG_LEVEL: 'silent' }),
      async () => service.stop,
      host,
    );
    await settle();
    host.emit('SIGTERM');
    expect(service.stops()).toBe(1);
    service.finish();
    await settle();
    expect(host.exits).toEqual([0]);
  });

  it('prints a configuration that does not load, starting nothing, and exits 1', async () => {
    const host = new FakeProcess();
    let starts = 0;
    serviceMain(
      'news-service',
      () => {
        throw new ConfigError('invalid configuration: LOG_LEVEL is "loud": invalid option');
      },
      async () => {
        starts += 1;
        return async () => {};
      },
      host,
    );
    await settle();
    expect(host.written).toEqual([
      'news-service: invalid configuration: LOG_LEVEL is "loud": invalid option\n',
    ]);
    expect([starts, host.exits]).toEqual([0, [1]]);
  });
});
