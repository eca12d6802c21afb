import { randomBytes } from 'node:crypto';
import { JetStreamEventBus } from '../../pkg/events';
import { testLogger } from './silent-logger';

export const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

/** A JetStream bus on the shared NATS, in a namespace of its own; `close` deletes its streams. */
export function privateJetStreamBus(servers = NATS_URL) {
  const namespace = `test_${randomBytes(4).toString('hex')}`;
  const bus = new JetStreamEventBus({ servers, namespace, logger: testLogger(), connectWaitMs: 5000 });
  return {
    bus,
    namespace,
    close: async () => {
      await bus.deleteStreams();
      await bus.close();
    },
  };
}
