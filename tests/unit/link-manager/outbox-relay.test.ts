import { Registry } from 'prom-client';
import type { EventBus, PublishOptions } from '../../../pkg/events';
import { InMemoryLinkStore, LinkService, OutboxRelay } from '../../../pkg/link-manager';
import { eventually } from '../../support/event-bus-contract';
import { testLogger } from '../../support/silent-logger';

/** A bus that records what it is given and fails while `down` is set. */
class RecordingBus implements EventBus {
  readonly published: Array<{
    subject: string;
    data: { id: string; link: { url: string } };
    options: PublishOptions;
  }> = [];
  down = false;
  failAfter = Infinity;
  async publish(subject: string, data: unknown, options: PublishOptions) {
    if (this.down || this.published.length >= this.failAfter) throw new Error('NATS is unavailable');
    this.published.push({ subject, data: data as { id: string; link: { url: string } }, options });
  }
  async consume(): Promise<never> {
    throw new Error('not used');
  }
  async ping() {}
  async close() {}
}

async function setup(options: { batchSize?: number; idleMs?: number; maxBackoffMs?: number } = {}) {
  const store = new InMemoryLinkStore();
  const links = new LinkService(store, { maxLinksPerUser: 1000, regexBudgetMs: 1000 });
  const bus = new RecordingBus();
  const registry = new Registry();
  const logger = testLogger();
  const relay = new OutboxRelay(store, bus, { logger, registry, ...options });
  let added = 0;
  const add = async (count: number) => {
    for (const last = added + count; added < last; added++)
      await links.addLink({ username: 'ann', url: `https://e.com/${added}`, title: `t${added}` });
  };
  const metric = async (name: string) => (await registry.getSingleMetric(name)!.get()).values[0]?.value;
  return { store, links, bus, relay, add, metric, logger };
}

describe('OutboxRelay.relayOnce', () => {
  it('publishes pending events oldest first, on their subject, with the event id as message id', async () => {
    const { bus, relay, add, links } = await setup();
    await add(2);
    await links.deleteLink({ username: 'ann', url: 'https://e.com/0' });
    expect(await relay.relayOnce()).toBe(3);
    expect(bus.published.map((p) => [p.subject, p.data.link.url])).toEqual([
      ['links.added', 'https://e.com/0'],
      ['links.added', 'https://e.com/1'],
      ['links.deleted', 'https://e.com/0'],
    ]);
    for (const { data, options } of bus.published) expect(options.msgId).toBe(data.id);
    expect(await relay.relayOnce()).toBe(0);
    expect(bus.published).toHaveLength(3);
  });

  it('takes at most batchSize events a time', async () => {
    const { relay, add } = await setup({ batchSize: 2 });
    await add(3);
    expect(await relay.relayOnce()).toBe(2);
    expect(await relay.relayOnce()).toBe(1);
  });

  it('marks as sent only what the bus took, and fails with the bus', async () => {
    const { bus, relay, add, store } = await setup();
    await add(3);
    bus.failAfter = 1;
    await expect(relay.relayOnce()).rejects.toThrow('NATS is unavailable');
    expect(await store.pendingEventCount()).toBe(2);
    bus.failAfter = Infinity;
    expect(await relay.relayOnce()).toBe(2);
    expect(bus.published.map((p) => p.data.link.url)).toEqual([
      'https://e.com/0',
      'https://e.com/1',
      'https://e.com/2',
    ]);
  });

  it('counts what it relayed and shows the backlog', async () => {
    const { relay, add, metric, store } = await setup();
    await add(3);
    expect(await metric('delinkcious_outbox_backlog')).toBe(3);
    await relay.relayOnce();
    expect(await metric('delinkcious_outbox_published_total')).toBe(3);
    expect(await metric('delinkcious_outbox_backlog')).toBe(0);
    jest.spyOn(store, 'pendingEventCount').mockRejectedValue(new Error('db down'));
    expect(await metric('delinkcious_outbox_backlog')).toBeNaN();
  });

  it('counts nothing when nothing was relayed', async () => {
    const { relay, metric, store } = await setup();
    const mark = jest.spyOn(store, 'markEventsSent');
    await relay.relayOnce();
    expect(mark).not.toHaveBeenCalled();
    expect(await metric('delinkcious_outbox_published_total')).toBe(0);
  });
});

describe('OutboxRelay loop', () => {
  it('relays events added while it runs, and stops', async () => {
    const { bus, relay, add } = await setup({ idleMs: 5 });
    relay.start();
    relay.start();
    await add(2);
    await eventually(() => bus.published.length === 2);
    await relay.stop();
    await add(1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(bus.published).toHaveLength(2);
  });

  it('drains a backlog larger than a batch without waiting between full batches', async () => {
    const { bus, relay, add } = await setup({ batchSize: 2, idleMs: 60_000 });
    await add(5);
    relay.start();
    await eventually(() => bus.published.length === 5, 2000);
    await relay.stop();
  });

  it('waits while the bus is down, says so once, and resumes in order', async () => {
    const { bus, relay, add, logger } = await setup({ idleMs: 2, maxBackoffMs: 10 });
    const warn = jest.spyOn(logger, 'warn');
    const info = jest.spyOn(logger, 'info');
    bus.down = true;
    await add(2);
    relay.start();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(
      { err: new Error('NATS is unavailable') },
      'outbox relay paused: events wait in the outbox',
    );
    bus.down = false;
    await eventually(() => bus.published.length === 2);
    await relay.stop();
    expect(bus.published.map((p) => p.data.link.url)).toEqual(['https://e.com/0', 'https://e.com/1']);
    expect(info).toHaveBeenCalledWith({ afterAttempts: expect.any(Number) }, 'outbox relay resumed');
    expect((info.mock.calls[0][0] as unknown as { afterAttempts: number }).afterAttempts).toBeGreaterThan(1);
  });

  it('stops at once when it never started', async () => {
    const { relay } = await setup();
    await expect(relay.stop()).resolves.toBeUndefined();
  });

  it('stops at once while idle', async () => {
    const { relay } = await setup({ idleMs: 60_000 });
    relay.start();
    await new Promise((resolve) => setTimeout(resolve, 10));
    // Its pause is a minute long: stop() must cut it short.
    let timer: NodeJS.Timeout | undefined;
    const minute = new Promise((resolve) => (timer = setTimeout(resolve, 5000, 'still waiting')));
    expect(await Promise.race([relay.stop().then(() => 'stopped'), minute])).toBe('stopped');
    clearTimeout(timer);
  });
});

describe('OutboxRelay pacing', () => {
  // Clock-driven: each poll is counted, and time only moves when the test moves it.
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  async function polling(options: { idleMs?: number; maxBackoffMs?: number; batchSize?: number }) {
    const set = await setup(options);
    const polls = jest.spyOn(set.store, 'pendingEvents');
    const pollsAt = async (ms: number) => {
      await jest.advanceTimersByTimeAsync(ms);
      return polls.mock.calls.length;
    };
    return { ...set, polls, pollsAt };
  }

  it('takes 100 events a batch unless told otherwise', async () => {
    const { relay, add } = await setup();
    await add(101);
    expect(await relay.relayOnce()).toBe(100);
    expect(await relay.relayOnce()).toBe(1);
  });

  it('polls an empty outbox every 200 ms unless told otherwise', async () => {
    const { relay, pollsAt } = await polling({});
    relay.start();
    expect(await pollsAt(0)).toBe(1);
    expect(await pollsAt(199)).toBe(1);
    expect(await pollsAt(1)).toBe(2);
    expect(await pollsAt(200)).toBe(3);
    await relay.stop();
  });

  it('runs one loop however often it is started', async () => {
    const { relay, pollsAt } = await polling({});
    relay.start();
    relay.start();
    expect(await pollsAt(0)).toBe(1);
    expect(await pollsAt(200)).toBe(2);
    await relay.stop();
  });

  it('polls again after a batch that was not full only when the idle pause is over', async () => {
    const { relay, add, bus, pollsAt } = await polling({ idleMs: 1000, batchSize: 2 });
    await add(3);
    relay.start();
    expect(await pollsAt(0)).toBe(2);
    expect(bus.published).toHaveLength(3);
    expect(await pollsAt(999)).toBe(2);
    expect(await pollsAt(1)).toBe(3);
    await relay.stop();
  });

  it('doubles its pause after each failed attempt, up to maxBackoffMs', async () => {
    const { relay, bus, pollsAt, add } = await polling({ idleMs: 100, maxBackoffMs: 1000 });
    bus.down = true;
    await add(1);
    relay.start();
    // Attempts at 0, 200, 600, 1400 (800 after), then every 1000 ms.
    expect(await pollsAt(199)).toBe(1);
    expect(await pollsAt(1)).toBe(2);
    expect(await pollsAt(399)).toBe(2);
    expect(await pollsAt(1)).toBe(3);
    expect(await pollsAt(799)).toBe(3);
    expect(await pollsAt(1)).toBe(4);
    expect(await pollsAt(999)).toBe(4);
    expect(await pollsAt(1)).toBe(5);
    expect(await pollsAt(1000)).toBe(6);
    await relay.stop();
  });

  it('waits at most 5 s between attempts unless told otherwise', async () => {
    const { relay, bus, pollsAt, add } = await polling({ idleMs: 1000 });
    bus.down = true;
    await add(1);
    relay.start();
    // Attempts at 0, 2000, 6000, then every 5000 ms (not 8000).
    expect(await pollsAt(6000)).toBe(3);
    expect(await pollsAt(4999)).toBe(3);
    expect(await pollsAt(1)).toBe(4);
    await relay.stop();
  });

  it('starts its pauses afresh, and says it paused again, after the bus came back', async () => {
    const { relay, bus, pollsAt, logger, add } = await polling({ idleMs: 100, maxBackoffMs: 10_000 });
    const warn = jest.spyOn(logger, 'warn');
    const info = jest.spyOn(logger, 'info');
    bus.down = true;
    await add(1);
    relay.start();
    expect(await pollsAt(600)).toBe(3);
    bus.down = false;
    expect(await pollsAt(800)).toBe(4);
    expect(info).toHaveBeenCalledWith({ afterAttempts: 3 }, 'outbox relay resumed');
    bus.down = true;
    await add(1);
    // The next poll (100 ms idle) fails; the one after follows 200 ms later, not 1600.
    expect(await pollsAt(100)).toBe(5);
    expect(await pollsAt(200)).toBe(6);
    expect(warn).toHaveBeenCalledTimes(2);
    await relay.stop();
  });

  it('says nothing about resuming when it never paused', async () => {
    const { relay, add, logger, pollsAt } = await polling({ idleMs: 100 });
    const info = jest.spyOn(logger, 'info');
    await add(1);
    relay.start();
    expect(await pollsAt(300)).toBe(4);
    expect(info).not.toHaveBeenCalled();
    await relay.stop();
  });
});
