import { InMemoryEventBus, type ReceivedEvent } from '../../../pkg/events';
import { eventually } from '../../support/event-bus-contract';

describe('InMemoryEventBus lifecycle', () => {
  it('refuses to publish once closed, and its ping says so', async () => {
    const bus = new InMemoryEventBus();
    await expect(bus.ping()).resolves.toBeUndefined();
    await bus.close();
    await expect(bus.publish('links.added', {}, { msgId: 'm' })).rejects.toThrow('event bus is closed');
    await expect(bus.ping()).rejects.toThrow('event bus is closed');
  });

  it('hands each consumer its own copy of the data', async () => {
    const bus = new InMemoryEventBus();
    const data = { tags: ['a'] };
    const received: Array<ReceivedEvent<typeof data>> = [];
    const subscription = await bus.consume<typeof data>(
      { durable: 'copy', subjects: ['links.added'], maxDeliver: 1 },
      async (event) => void received.push(event),
    );
    await bus.publish('links.added', data, { msgId: 'm1' });
    data.tags.push('changed after publishing');
    await eventually(() => received.length === 1);
    expect(received[0].data).toEqual({ tags: ['a'] });
    await subscription.stop();
    await bus.close();
  });

  it('counts deliveries and logs the event it sets aside after maxDeliver', async () => {
    const errors: Array<[Record<string, unknown>, string]> = [];
    const logger = {
      error: (fields: Record<string, unknown>, message: string) => errors.push([fields, message]),
    };
    const bus = new InMemoryEventBus(logger as never);
    const counts: number[] = [];
    const subscription = await bus.consume(
      { durable: 'failing', subjects: ['links.>'], maxDeliver: 2 },
      async (event) => {
        counts.push(event.deliveryCount);
        throw new Error('handler broke');
      },
    );
    await bus.publish('links.added', { n: 1 }, { msgId: 'm1' });
    await eventually(() => errors.length === 1);
    expect(counts).toEqual([1, 2]);
    expect(errors[0][1]).toBe('event set aside after repeated failures');
    expect(errors[0][0]).toMatchObject({ subject: 'links.added', durable: 'failing', deliveryCount: 2 });
    await subscription.stop();
    await bus.close();
  });

  it('stops a consumer that waits for events at once', async () => {
    const bus = new InMemoryEventBus();
    const subscription = await bus.consume(
      { durable: 'idle', subjects: ['links.added'], maxDeliver: 1 },
      async () => {},
    );
    await expect(subscription.stop()).resolves.toBeUndefined();
    await bus.close();
  });

  it('delivers nothing to a consumer once it has stopped', async () => {
    const bus = new InMemoryEventBus();
    const stopped: unknown[] = [];
    const subscription = await bus.consume(
      { durable: 'gone', subjects: ['links.added'], maxDeliver: 1 },
      async (event) => void stopped.push(event.data),
    );
    await subscription.stop();
    // A consumer still running sees the event: by then the stopped one would have too.
    const running: unknown[] = [];
    const witness = await bus.consume(
      { durable: 'witness', subjects: ['links.added'], maxDeliver: 1 },
      async (event) => void running.push(event.data),
    );
    await bus.publish('links.added', { n: 1 }, { msgId: 'm1' });
    await eventually(() => running.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stopped).toEqual([]);
    await witness.stop();
    await bus.close();
  });

  it('leaves an event whose delivery was stopped for the next consumer of that durable', async () => {
    const bus = new InMemoryEventBus();
    let started = false;
    let release: () => void = () => {};
    const first = await bus.consume(
      { durable: 'resume', subjects: ['links.added'], maxDeliver: 5 },
      () =>
        new Promise<void>((_resolve, reject) => {
          started = true;
          release = () => reject(new Error('interrupted'));
        }),
    );
    await bus.publish('links.added', { n: 1 }, { msgId: 'm1' });
    await eventually(() => started);
    const stopping = first.stop();
    release();
    await stopping;
    const received: number[] = [];
    const second = await bus.consume<{ n: number }>(
      { durable: 'resume', subjects: ['links.added'], maxDeliver: 5 },
      async (event) => void received.push(event.data.n),
    );
    await eventually(() => received.length === 1);
    expect(received).toEqual([1]);
    await second.stop();
    await bus.close();
  });
});
