import type { JetStreamManager, NatsConnection } from 'nats';
import { Registry } from 'prom-client';
import { ConsumerLagGauge, consumerPending, filtersSeveralSubjects } from '../../../pkg/events/consumer-lag';
import { InMemoryEventBus, createEventBus, natsOptionsOf, subjectMatches } from '../../../pkg/events';
import { givenOrOwnEventBus } from '../../../pkg/events/create-event-bus';
import { JetStreamEventBus } from '../../../pkg/events/jetstream-event-bus';
import { Closers } from '../../../pkg/kit/closers';
import { redeliveryDelayMs } from '../../../pkg/events/retry-delay';
import { testLogger } from '../../support/silent-logger';

describe('subjectMatches, at the edges', () => {
  it.each([
    ['>', 'links', true],
    ['>', 'links.added', true],
    ['links.>', 'links.added.late', true],
    ['links.>', 'other.added', false],
    ['*', 'links', true],
    ['*', 'links.added', false],
    ['links.*', 'links', false],
    ['*.added', 'links.added', true],
    ['*.added', 'links.deleted', false],
    ['links.added', 'links.added.x', false],
    ['links.added.x', 'links.added', false],
    ['links.added', 'links', false],
  ])('%s ~ %s is %s', (pattern, subject, expected) => {
    expect(subjectMatches(pattern, subject)).toBe(expected);
  });
});

describe('redeliveryDelayMs', () => {
  it.each([
    [0, 100],
    [1, 100],
    [2, 200],
    [3, 400],
    [6, 3200],
    [7, 5000],
    [50, 5000],
  ])('after %i failures waits %i ms', (deliveryCount, delay) => {
    expect(redeliveryDelayMs(deliveryCount)).toBe(delay);
  });
});

describe('filtersSeveralSubjects', () => {
  const server = (version?: string) => ({ info: version && { version } }) as unknown as NatsConnection;
  it.each([
    ['2.10.0', true],
    ['2.10.24', true],
    ['2.11.1', true],
    ['3.0.0', true],
    ['2.9.25', false],
    ['1.99.0', false],
    [undefined, false],
  ])('NATS %s: %s', (version, expected) => {
    expect(filtersSeveralSubjects(server(version))).toBe(expected);
  });
});

describe('consumerPending', () => {
  function fakeJsm(pendingBySubject: Record<string, number>) {
    const added: Array<Record<string, unknown>> = [];
    const deleted: string[] = [];
    const jsm = {
      consumers: {
        info: async () => ({ num_pending: 3, num_ack_pending: 2, ack_floor: { stream_seq: 41 } }),
        add: async (_stream: string, config: { filter_subject: string }) => {
          added.push(config);
          return { name: `probe-${added.length}`, num_pending: pendingBySubject[config.filter_subject] };
        },
        delete: async (_stream: string, name: string) => {
          deleted.push(name);
          return true;
        },
      },
    } as unknown as JetStreamManager;
    return { jsm, added, deleted };
  }

  it('reads a server-filtered consumer directly: not yet delivered plus unacknowledged', async () => {
    const { jsm, added } = fakeJsm({});
    expect(await consumerPending(jsm, 'S', 'd', ['a', 'b'], true)).toBe(5);
    expect(added).toEqual([]);
  });

  it('otherwise counts each subject past the ack floor with a probe, and removes the probes', async () => {
    const { jsm, added, deleted } = fakeJsm({ 'ns.links.added': 4, 'ns.links.deleted': 1 });
    expect(await consumerPending(jsm, 'S', 'd', ['ns.links.added', 'ns.links.deleted'], false)).toBe(5);
    expect(added.map((config) => [config.filter_subject, config.opt_start_seq])).toEqual([
      ['ns.links.added', 42],
      ['ns.links.deleted', 42],
    ]);
    // A probe lives in memory only and expires 30 s after its last use, should it not be removed.
    expect(added[0]).toEqual({
      ack_policy: 'none',
      deliver_policy: 'by_start_sequence',
      opt_start_seq: 42,
      filter_subject: 'ns.links.added',
      mem_storage: true,
      inactive_threshold: 30_000_000_000,
    });
    expect(deleted).toEqual(['probe-1', 'probe-2']);
  });
});

describe('ConsumerLagGauge', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());
  const value = async (registry: Registry, durable: string) =>
    (await registry.getSingleMetric('delinkcious_event_consumer_pending')!.get()).values.find(
      (v) => v.labels.durable === durable,
    )?.value;

  it('is 0 from the start, then what each reading says, until stopped', async () => {
    const registry = new Registry();
    let pending = 7;
    const stop = new ConsumerLagGauge(registry).watch(
      'news',
      async () => pending,
      1000,
      () => {},
    );
    expect(await value(registry, 'news')).toBe(0);
    await jest.advanceTimersByTimeAsync(999);
    expect(await value(registry, 'news')).toBe(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(await value(registry, 'news')).toBe(7);
    stop();
    pending = 9;
    await jest.advanceTimersByTimeAsync(5000);
    expect(await value(registry, 'news')).toBe(7);
  });

  it('keeps the last reading when a read fails, and reports the failure', async () => {
    const registry = new Registry();
    const errors: unknown[] = [];
    const reads = [async () => 4, async () => Promise.reject(new Error('NATS away'))];
    const stop = new ConsumerLagGauge(registry).watch(
      'news',
      () => reads.shift()!(),
      100,
      (e) => errors.push(e),
    );
    await jest.advanceTimersByTimeAsync(200);
    expect(await value(registry, 'news')).toBe(4);
    expect(errors).toEqual([new Error('NATS away')]);
    stop();
  });

  it('does not start a reading while the last one is still out', async () => {
    const registry = new Registry();
    let calls = 0;
    let finish: (n: number) => void = () => {};
    const read = () => {
      calls += 1;
      return new Promise<number>((resolve) => (finish = resolve));
    };
    const stop = new ConsumerLagGauge(registry).watch('news', read, 100, () => {});
    await jest.advanceTimersByTimeAsync(350);
    expect(calls).toBe(1);
    finish(2);
    await jest.advanceTimersByTimeAsync(100);
    expect(calls).toBe(2);
    expect(await value(registry, 'news')).toBe(2);
    stop();
  });
});

describe('createEventBus', () => {
  const STREAMS = [{ name: 'TEST', subjects: ['test.>'] }];

  it('is the in-process bus when no NATS url is set', async () => {
    const bus = createEventBus({ logger: testLogger(), streams: [] });
    expect(bus).toBeInstanceOf(InMemoryEventBus);
    await bus.close();
  });

  it('is a JetStream bus when a NATS url is set', async () => {
    const bus = createEventBus({ natsUrl: 'nats://127.0.0.1:1', logger: testLogger(), streams: STREAMS });
    expect(bus).toBeInstanceOf(JetStreamEventBus);
    await bus.close();
    // Built from the given url and logger: it logged the refused connection, then stopped once closed.
    await expect(bus.publish('test.x', {}, { msgId: 'm1' })).rejects.toThrow('event bus closed');
  });

  it('takes url, namespace and replicas from the NATS settings', () => {
    expect(
      natsOptionsOf({ NATS_URL: 'nats://n:4222', NATS_NAMESPACE: 'ns', NATS_STREAM_REPLICAS: 3 }, STREAMS),
    ).toEqual({ natsUrl: 'nats://n:4222', namespace: 'ns', replicas: 3, streams: STREAMS });
  });

  describe('givenOrOwnEventBus', () => {
    const options = () => ({
      streams: STREAMS,
      logger: testLogger(),
      registry: new Registry(),
      closers: new Closers(),
    });

    it('uses the bus it was handed, and leaves closing it to whoever made it', async () => {
      const given = new InMemoryEventBus();
      const { closers, ...rest } = options();
      expect(givenOrOwnEventBus(given, { NATS_STREAM_REPLICAS: 1 }, { ...rest, closers })).toBe(given);
      await closers.closeAll();
      await expect(given.ping()).resolves.toBeUndefined();
      await given.close();
    });

    it('is none when it was handed none and no NATS url is set', () => {
      expect(givenOrOwnEventBus(undefined, { NATS_STREAM_REPLICAS: 1 }, options())).toBeUndefined();
    });

    it('is its own JetStream bus when it was handed none and a NATS url is set', async () => {
      // Nothing listens on port 1: the bus keeps trying to connect until it is closed.
      const { closers, ...rest } = options();
      const own = givenOrOwnEventBus(
        undefined,
        { NATS_URL: 'nats://127.0.0.1:1', NATS_STREAM_REPLICAS: 1 },
        { ...rest, closers },
      );
      expect(own).toBeInstanceOf(JetStreamEventBus);
      await closers.closeAll();
      // Closed with the service: it stops trying, and says so rather than waiting for NATS.
      await expect(own!.publish('test.x', {}, { msgId: 'm1' })).rejects.toThrow('event bus closed');
    });
  });
});
