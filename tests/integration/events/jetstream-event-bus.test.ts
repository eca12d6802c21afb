import { describeEventBusContract } from '../../support/event-bus-contract';
import { privateJetStreamBus } from '../../support/nats';

describeEventBusContract('NATS JetStream', async () => {
  const { bus, close } = privateJetStreamBus();
  await bus.ping();
  return { bus, close };
});
