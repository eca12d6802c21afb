import { LINK_EVENT_STREAMS } from '../../../pkg/object-model';
import { Writable } from 'node:stream';
import { connect } from 'nats';
import pino from 'pino';
import { Registry } from 'prom-client';
import { JetStreamEventBus } from '../../../pkg/events';
import { describeEventBusContract } from '../../support/event-bus-contract';
import { NATS_URL, privateJetStreamBus } from '../../support/nats';

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

describe('JetStreamEventBus consumer lag', () => {
  it('reports the events still waiting behind each delivery on the registry', async () => {
    const registry = new Registry();
    const { bus, close } = privateJetStreamBus(undefined, registry);
    const lag = async () => {
      const metrics = await registry.getMetricsAsJSON();
      const gauge = metrics.find((metric) => metric.name === 'delinkcious_event_consumer_pending');
      return gauge?.values.find((value) => value.labels.durable === 'lagging')?.value;
    };
    try {
      for (let n = 0; n < 5; n++) await bus.publish('links.added', { n }, { msgId: `lag-${n}` });
      const seen: Array<number | undefined> = [];
      let handled = 0;
      const subscription = await bus.consume<{ n: number }>(
        { durable: 'lagging', subjects: ['links.added'], maxDeliver: 3 },
        async () => {
          seen.push(await lag());
          handled += 1;
        },
      );
      const deadline = Date.now() + 10_000;
      while (handled < 5 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      await subscription.stop();
      expect(seen).toEqual([4, 3, 2, 1, 0]);
      expect(await lag()).toBe(0);
    } finally {
      await close();
    }
  });
});

describe('JetStreamEventBus stream replicas', () => {
  it('declares its streams with the configured number of copies', async () => {
    const { bus, namespace, close } = privateJetStreamBus();
    const nc = await connect({ servers: NATS_URL });
    try {
      await bus.ping();
      const jsm = await nc.jetstreamManager();
      const streams = await jsm.streams.list().next();
      const ours = streams.filter((info) => info.config.name.startsWith(namespace));
      expect(ours.map((info) => info.config.num_replicas)).toEqual([1]);
    } finally {
      await nc.close();
      await close();
    }
  });

  it('on a single server, refuses three copies: publishing is UNAVAILABLE and the log says why', async () => {
    let logged = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logged += String(chunk);
        done();
      },
    });
    const bus = new JetStreamEventBus({
      streams: LINK_EVENT_STREAMS,
      servers: NATS_URL,
      namespace: `test_replicas_${process.pid}`,
      replicas: 3,
      connectWaitMs: 1500,
      logger: pino({ level: 'warn' }, sink),
    });
    try {
      await expect(bus.publish('links.added', { n: 1 }, { msgId: 'r-1' })).rejects.toMatchObject({
        code: 'UNAVAILABLE',
      });
      expect(logged).toMatch(/NATS is not ready yet \(.*replicas.*\); retrying/);
    } finally {
      await bus.close();
    }
  });
});
