import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { LINK_EVENT_STREAMS } from '../../../pkg/object-model';
import { Writable } from 'node:stream';
import { connect } from 'nats';
import pino from 'pino';
import { Registry } from 'prom-client';
import { JetStreamEventBus } from '../../../pkg/events';
import { describeEventBusContract } from '../../support/event-bus-contract';
import { NATS_URL, PrivateNatsServer, privateJetStreamBus, sparePort } from '../../support/nats';
import { testLogger } from '../../support/silent-logger';

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
  const LAG_INTERVAL_MS = 100;

  function lagBus(servers = NATS_URL) {
    const registry = new Registry();
    const bus = new JetStreamEventBus({
      servers,
      namespace: `test_${randomBytes(4).toString('hex')}`,
      streams: LINK_EVENT_STREAMS,
      logger: testLogger(),
      connectWaitMs: 5000,
      registry,
      lagIntervalMs: LAG_INTERVAL_MS,
    });
    const lag = async (durable: string) => {
      const metrics = await registry.getMetricsAsJSON();
      const gauge = metrics.find((metric) => metric.name === 'delinkcious_event_consumer_pending');
      return gauge?.values.find((value) => value.labels.durable === durable)?.value;
    };
    const lagReaches = async (durable: string, expected: number) => {
      for (let i = 0; i < 100 && (await lag(durable)) !== expected; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return lag(durable);
    };
    return { bus, lag, lagReaches };
  }

  function gate() {
    let open: () => void = () => {};
    const opened = new Promise<void>((resolve) => (open = resolve));
    return { open, opened };
  }

  it('exists at 0 from the start, before NATS is even reachable', async () => {
    const { bus, lag } = lagBus(`nats://127.0.0.1:${await sparePort()}`);
    const subscription = await bus.consume(
      { durable: 'early', subjects: ['links.added'], maxDeliver: 1 },
      async () => {},
    );
    try {
      expect(await lag('early')).toBe(0);
    } finally {
      await subscription.stop();
      await bus.close();
    }
  });

  it.each([
    ['one subject', ['links.added'], 5],
    ['several subjects', ['links.added', 'links.updated'], 7],
  ])(
    'counts waiting and unacknowledged events of the handled subjects only (%s), read while the consumer is stuck',
    async (_case, subjects, expected) => {
      const { bus, lagReaches } = lagBus();
      const stuck = gate();
      try {
        // Other subjects of the same stream, which this consumer does not handle.
        for (let n = 0; n < 3; n++) await bus.publish('links.checked', { n }, { msgId: `c-${n}` });
        for (let n = 0; n < 5; n++) await bus.publish('links.added', { n }, { msgId: `a-${n}` });
        for (let n = 0; n < 2; n++) await bus.publish('links.updated', { n }, { msgId: `u-${n}` });
        let handled = 0;
        const subscription = await bus.consume({ durable: 'stuck', subjects, maxDeliver: 3 }, async () => {
          await stuck.opened;
          handled += 1;
        });
        // No delivery completes, yet the gauge follows the consumer's state on the server.
        expect(await lagReaches('stuck', expected)).toBe(expected);
        expect(handled).toBe(0);
        stuck.open();
        expect(await lagReaches('stuck', 0)).toBe(0);
        expect(handled).toBe(expected);
        await subscription.stop();
      } finally {
        stuck.open();
        await bus.deleteStreams();
        await bus.close();
      }
    },
  );

  it('keeps its last reading through a NATS outage instead of dropping to 0', async () => {
    const nats = new PrivateNatsServer(await sparePort());
    await nats.start();
    const { bus, lag, lagReaches } = lagBus(nats.url);
    const stuck = gate();
    try {
      const subscription = await bus.consume(
        { durable: 'outage', subjects: ['links.added'], maxDeliver: 3, ackWaitMs: 1000 },
        () => stuck.opened,
      );
      for (let n = 0; n < 4; n++) await bus.publish('links.added', { n }, { msgId: `o-${n}` });
      expect(await lagReaches('outage', 4)).toBe(4);
      await nats.stop();
      await new Promise((resolve) => setTimeout(resolve, LAG_INTERVAL_MS * 6));
      expect(await lag('outage')).toBe(4);
      // Back, the server still holds the four events: redelivered after the ack wait, they are
      // handled and the gauge follows.
      await nats.start();
      stuck.open();
      expect(await lagReaches('outage', 0)).toBe(0);
      await subscription.stop();
    } finally {
      stuck.open();
      await bus.close();
      await nats.destroy();
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

describe('JetStreamEventBus close', () => {
  // A short job (a CronJob run) may close its bus while the connection is still being set up:
  // close() used to return with that connection left open (the process never exited), or wait
  // for good on a drain cut off half-way.
  it.each([0, 5, 20, 60, 120])(
    'closed %i ms after it was made, it returns and leaves nothing that keeps the process alive',
    async (delayMs) => {
      const namespace = `test_${randomBytes(4).toString('hex')}`;
      const script = `
        const { JetStreamEventBus } = require('./dist/pkg/events');
        const { LINK_EVENT_STREAMS } = require('./dist/pkg/object-model');
        const bus = new JetStreamEventBus({
          streams: LINK_EVENT_STREAMS,
          servers: ${JSON.stringify(NATS_URL)},
          namespace: ${JSON.stringify(namespace)},
          logger: require('pino')({ level: 'silent' }),
        });
        setTimeout(() => bus.close().then(() => process.stdout.write('closed')), ${delayMs});
      `;
      const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
      clearTimeout(killer);
      const cleanup = new JetStreamEventBus({
        streams: LINK_EVENT_STREAMS,
        servers: NATS_URL,
        namespace,
        logger: testLogger(),
      });
      await cleanup.deleteStreams().catch(() => {});
      await cleanup.close();
      expect({ output, code, signal }).toEqual({ output: 'closed', code: 0, signal: null });
    },
    20_000,
  );
});
