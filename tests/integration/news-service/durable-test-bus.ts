import type {
  ConsumeOptions,
  EventBus,
  EventHandler,
  PublishOptions,
  Subscription,
} from '../../../pkg/events/event-bus';

interface Message {
  subject: string;
  data: unknown;
  msgId: string;
}

/**
 * A durable, at-least-once bus in process, with JetStream's semantics that the news
 * service relies on: per-durable progress that survives the consumer, redelivery of
 * anything not acked (also after a crash), de-duplication of publishes by msgId, and
 * `crash()` to drop a consumer without acking the event in hand.
 */
export class DurableTestBus implements EventBus {
  private readonly log: Message[] = [];
  private readonly msgIds = new Set<string>();
  /** Per durable: index of the first message not yet acked. */
  private readonly acked = new Map<string, number>();
  private readonly wake = new Set<() => void>();
  private readonly consumers = new Set<{ crash(): void }>();

  async publish(subject: string, data: unknown, options: PublishOptions): Promise<void> {
    if (this.msgIds.has(options.msgId)) return;
    this.msgIds.add(options.msgId);
    this.log.push({ subject, data: JSON.parse(JSON.stringify(data)), msgId: options.msgId });
    for (const wake of this.wake) wake();
  }

  async consume<T>(options: ConsumeOptions, handler: EventHandler<T>): Promise<Subscription> {
    let running = true;
    let crashed = false;
    let sleeping: (() => void) | undefined;
    const next = () => sleeping?.();
    this.wake.add(next);
    const loop = (async () => {
      let deliveries = 0;
      while (running) {
        const index = this.acked.get(options.durable) ?? 0;
        const message = this.log[index];
        if (!message || !options.subjects.includes(message.subject)) {
          if (message) this.acked.set(options.durable, index + 1);
          else await new Promise<void>((resolve) => ((sleeping = resolve), setTimeout(resolve, 50)));
          continue;
        }
        deliveries += 1;
        try {
          await handler({
            subject: message.subject,
            data: message.data as T,
            deliveryCount: deliveries,
            headers: {},
          });
          if (crashed) return;
          this.acked.set(options.durable, index + 1);
          deliveries = 0;
        } catch {
          if (crashed) return;
          if (deliveries >= options.maxDeliver) {
            this.acked.set(options.durable, index + 1);
            deliveries = 0;
          } else {
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        }
      }
    })();
    const consumer = {
      crash: () => {
        crashed = true;
        running = false;
        next();
      },
    };
    this.consumers.add(consumer);
    return {
      stop: async () => {
        running = false;
        next();
        await loop;
        this.wake.delete(next);
        this.consumers.delete(consumer);
      },
    };
  }

  /** Every consumer dies at once, acking nothing more (the process was killed). */
  crashConsumers(): void {
    for (const consumer of this.consumers) consumer.crash();
    this.consumers.clear();
  }

  /** Messages the durable has not acked yet. */
  pending(durable: string): number {
    return this.log.length - (this.acked.get(durable) ?? 0);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.crashConsumers();
  }
}
