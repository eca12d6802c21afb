import type { EventBus, ReceivedEvent, Subscription } from '../../pkg/events';

/** Waits until `condition` holds, polling; fails after `timeoutMs`. */
export async function eventually(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** What both event buses must do; JetStream and the in-process bus run this same suite. */
export function describeEventBusContract(
  name: string,
  open: () => Promise<{ bus: EventBus; close(): Promise<void> }>,
) {
  describe(`EventBus contract: ${name}`, () => {
    let bus: EventBus;
    let close: () => Promise<void>;
    const subscriptions: Subscription[] = [];
    beforeEach(async () => {
      ({ bus, close } = await open());
    });
    afterEach(async () => {
      await Promise.all(subscriptions.splice(0).map((s) => s.stop()));
      await close();
    });

    async function collect(durable: string, subjects: string[], maxDeliver = 3) {
      const received: Array<ReceivedEvent<{ n: number }>> = [];
      subscriptions.push(
        await bus.consume<{ n: number }>({ durable, subjects, maxDeliver }, async (event) => {
          received.push(event);
        }),
      );
      return received;
    }

    it('delivers published events in order, filtered by subject, with their headers', async () => {
      const received = await collect('c1', ['links.added', 'links.deleted']);
      for (let n = 0; n < 5; n++)
        await bus.publish('links.added', { n }, { msgId: `a${n}`, headers: { 'x-n': String(n) } });
      await bus.publish('links.updated', { n: 99 }, { msgId: 'u' });
      await bus.publish('links.deleted', { n: 5 }, { msgId: 'd' });
      await eventually(() => received.length === 6);
      expect(received.map((e) => e.data.n)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(received.map((e) => e.subject)).toEqual([...Array(5).fill('links.added'), 'links.deleted']);
      expect(received[2].headers['x-n']).toBe('2');
      expect(received[0].deliveryCount).toBe(1);
    });

    it('drops a second message with the same id', async () => {
      const received = await collect('c2', ['links.>']);
      await bus.publish('links.added', { n: 1 }, { msgId: 'same' });
      await bus.publish('links.added', { n: 1 }, { msgId: 'same' });
      await bus.publish('links.added', { n: 2 }, { msgId: 'other' });
      await eventually(() => received.length === 2);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(received.map((e) => e.data.n)).toEqual([1, 2]);
    });

    it('redelivers a failed event, and sets it aside after maxDeliver without blocking the rest', async () => {
      const attempts: Record<number, number> = {};
      const done: number[] = [];
      subscriptions.push(
        await bus.consume<{ n: number }>(
          { durable: 'c3', subjects: ['links.added'], maxDeliver: 3 },
          async (event) => {
            attempts[event.data.n] = event.deliveryCount;
            if (event.data.n === 1 && event.deliveryCount < 2) throw new Error('transient');
            if (event.data.n === 2) throw new Error('poison');
            done.push(event.data.n);
          },
        ),
      );
      for (const n of [1, 2, 3]) await bus.publish('links.added', { n }, { msgId: `r${n}` });
      await eventually(() => done.includes(1) && done.includes(3) && attempts[2] === 3);
      expect(attempts[1]).toBe(2);
      expect(done.sort()).toEqual([1, 3]);
    });

    it('a durable consumer resumes where it stopped, and each durable sees every event', async () => {
      const first = await collect('c4', ['links.added']);
      await bus.publish('links.added', { n: 1 }, { msgId: 'p1' });
      await eventually(() => first.length === 1);
      await subscriptions.pop()!.stop();
      await bus.publish('links.added', { n: 2 }, { msgId: 'p2' });
      const resumed = await collect('c4', ['links.added']);
      const other = await collect('c5', ['links.added']);
      await eventually(() => resumed.length === 1 && other.length === 2);
      expect(resumed.map((e) => e.data.n)).toEqual([2]);
      expect(other.map((e) => e.data.n)).toEqual([1, 2]);
    });

    it('answers ping', async () => {
      await expect(bus.ping()).resolves.toBeUndefined();
    });
  });
}
