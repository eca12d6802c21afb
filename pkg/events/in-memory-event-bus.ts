import { context } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { ConsumeOptions, EventBus, EventHandler, PublishOptions, Subscription } from './event-bus';
import { redeliveryDelayMs } from './retry-delay';
import { subjectMatches } from './subject-match';
import { contextFromHeaders, traceHeaders } from './trace-headers';

interface StoredMessage {
  subject: string;
  /** Serialised, as on the wire: consumers never share objects with the publisher. */
  payload: string;
  headers: Record<string, string>;
}

/**
 * The event bus inside one process, for `npm start` and unit tests. It keeps the
 * JetStream semantics the services rely on: de-duplication by message id, durable
 * consumers that resume where they stopped, ack after the handler, redelivery up to
 * maxDeliver and then the event is set aside.
 */
export class InMemoryEventBus implements EventBus {
  private readonly log: StoredMessage[] = [];
  private readonly seenIds = new Set<string>();
  /** Next log position per durable consumer: survives a consumer's restart, like JetStream. */
  private readonly positions = new Map<string, number>();
  private readonly wakeups = new Set<() => void>();
  private closed = false;

  constructor(private readonly logger?: Logger) {}

  async publish(subject: string, data: unknown, options: PublishOptions): Promise<void> {
    if (this.closed) throw new Error('event bus is closed');
    if (this.seenIds.has(options.msgId)) return;
    this.seenIds.add(options.msgId);
    this.log.push({
      subject,
      payload: JSON.stringify(data),
      headers: { ...traceHeaders(), ...options.headers },
    });
    for (const wake of this.wakeups) wake();
  }

  async consume<T>(options: ConsumeOptions, handler: EventHandler<T>): Promise<Subscription> {
    let running = true;
    let wake: () => void = () => {};
    const loop = (async () => {
      while (running && !this.closed) {
        const position = this.positions.get(options.durable) ?? 0;
        const message = this.log[position];
        if (!message) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            this.wakeups.add(resolve);
          });
          this.wakeups.delete(wake);
          continue;
        }
        const wanted = options.subjects.some((pattern) => subjectMatches(pattern, message.subject));
        // Stopped in the middle of a delivery: the event stays for the next consumer, as unacked.
        if (wanted && !(await this.deliver(message, options, handler, () => running))) continue;
        this.positions.set(options.durable, position + 1);
      }
    })();
    return {
      stop: async () => {
        running = false;
        wake();
        await loop;
      },
    };
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('event bus is closed');
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.wakeups) wake();
  }

  private async deliver<T>(
    message: StoredMessage,
    options: ConsumeOptions,
    handler: EventHandler<T>,
    isRunning: () => boolean,
  ): Promise<boolean> {
    for (let deliveryCount = 1; isRunning(); deliveryCount++) {
      try {
        const event = {
          subject: message.subject,
          data: JSON.parse(message.payload) as T,
          deliveryCount,
          headers: { ...message.headers },
        };
        await context.with(contextFromHeaders(message.headers), () => handler(event));
        return true;
      } catch (error) {
        if (deliveryCount >= options.maxDeliver) {
          this.logger?.error(
            { err: error, subject: message.subject, durable: options.durable, deliveryCount },
            'event set aside after repeated failures',
          );
          return true;
        }
        await new Promise((resolve) => setTimeout(resolve, redeliveryDelayMs(deliveryCount)));
      }
    }
    return false;
  }
}
