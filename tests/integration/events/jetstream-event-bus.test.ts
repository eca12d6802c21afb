import { describeEventBusContract } from '../../support/event-bus-contract';
import { privateJetStreamBus } from '../../support/nats';

describeEventBusContract('NATS JetStream', async () => {
  const { bus, close } = privateJetStreamBus();
  await bus.ping();
  return { bus, close };
});

describe('JetStreamEventBus subscription', () => {
  it('stops promptly while events are buffered and one is being handled', async () => {
    const { bus, close } = privateJetStreamBus();
    try {
      let handled = 0;
      const subscription = await bus.consume<{ n: number }>(
        { durable: 'slow', subjects: ['links.added'], maxDeliver: 3 },
        async () => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          handled += 1;
        },
      );
      for (let n = 0; n < 10; n++) await bus.publish('links.added', { n }, { msgId: `slow-${n}` });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const stopped = await Promise.race([
        subscription.stop().then(() => 'stopped'),
        new Promise((resolve) => setTimeout(() => resolve('hung'), 5000)),
      ]);
      expect(stopped).toBe('stopped');
      expect(handled).toBeLessThan(10);
    } finally {
      await close();
    }
  });
});
