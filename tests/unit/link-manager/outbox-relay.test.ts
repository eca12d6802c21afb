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
  const links = new LinkService(store, { maxLinksPerUser: 100, regexBudgetMs: 1000 });
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
    expect(warn.mock.calls[0][1]).toBe('outbox relay paused: events wait in the outbox');
    bus.down = false;
    await eventually(() => bus.published.length === 2);
    await relay.stop();
    expect(bus.published.map((p) => p.data.link.url)).toEqual(['https://e.com/0', 'https://e.com/1']);
    expect(info).toHaveBeenCalledWith({ afterAttempts: expect.any(Number) }, 'outbox relay resumed');
    expect((info.mock.calls[0][0] as unknown as { afterAttempts: number }).afterAttempts).toBeGreaterThan(1);
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
