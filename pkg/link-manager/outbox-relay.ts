import type { Logger } from 'pino';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { EventBus } from '../events';
import type { LinkStore } from './link-store';
import { relaySpan } from './outbox-trace-context';

export interface OutboxRelayOptions {
  logger: Logger;
  registry: Registry;
  batchSize?: number;
  /** Pause between polls when the outbox is empty. */
  idleMs?: number;
  /** Longest pause between attempts while the bus is down. */
  maxBackoffMs?: number;
}

/**
 * Moves outbox events to the event bus, oldest first, in bounded batches. An event is
 * marked sent only after JetStream acknowledged it; the event id is the message id, so a
 * crash between the two republishes an event that JetStream then drops as a duplicate.
 * While the bus is down the backlog waits and drains in order once it is back.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly idleMs: number;
  private readonly maxBackoffMs: number;
  private readonly published: Counter;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly store: LinkStore,
    private readonly bus: EventBus,
    private readonly options: OutboxRelayOptions,
  ) {
    this.batchSize = options.batchSize ?? 100;
    this.idleMs = options.idleMs ?? 200;
    this.maxBackoffMs = options.maxBackoffMs ?? 5000;
    this.published = new Counter({
      name: 'delinkcious_outbox_published_total',
      help: 'Link events relayed from the outbox to the event bus.',
      registers: [options.registry],
    });
    new Gauge({
      name: 'delinkcious_outbox_backlog',
      help: 'Link events waiting in the outbox.',
      registers: [options.registry],
      collect: async function (this: Gauge) {
        this.set(await store.pendingEventCount().catch(() => Number.NaN));
      },
    });
  }

  /** Publishes one batch; returns how many events it relayed. */
  async relayOnce(): Promise<number> {
    const entries = await this.store.pendingEvents(this.batchSize);
    const sent: string[] = [];
    try {
      for (const { position, subject, event } of entries) {
        // Published in the trace of the request that made the change (kept in the outbox).
        await relaySpan(event, (published) => this.bus.publish(subject, published, { msgId: published.id }));
        sent.push(position);
      }
    } finally {
      if (sent.length > 0) {
        await this.store.markEventsSent(sent);
        this.published.inc(sent.length);
      }
    }
    return sent.length;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let pause = this.idleMs;
      try {
        const relayed = await this.relayOnce();
        if (failures > 0) this.options.logger.info({ afterAttempts: failures }, 'outbox relay resumed');
        failures = 0;
        if (relayed === this.batchSize) continue;
      } catch (error) {
        failures += 1;
        if (failures === 1)
          this.options.logger.warn({ err: error }, 'outbox relay paused: events wait in the outbox');
        pause = Math.min(this.maxBackoffMs, this.idleMs * 2 ** failures);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pause);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}
