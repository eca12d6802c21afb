/**
 * The event bus the services publish to and consume from. Two implementations share
 * this interface: JetStream (NATS) for real deployments and an in-process bus for
 * `npm start` and unit tests.
 *
 * Subjects are logical (`links.added`); an implementation may be namespaced (a prefix
 * on its subjects and stream names) so tests never touch the real streams.
 */
export interface PublishOptions {
  /** Unique id of the event: JetStream drops a second message with the same id. */
  msgId: string;
  /** Extra headers (trace context travels here). */
  headers?: Record<string, string>;
}

export interface ReceivedEvent<T> {
  subject: string;
  data: T;
  /** 1 on first delivery, more on redelivery. */
  deliveryCount: number;
  headers: Record<string, string>;
}

export interface ConsumeOptions {
  /** Durable consumer name: progress survives restarts. */
  durable: string;
  /** Logical subjects to receive. */
  subjects: string[];
  /** After this many failed deliveries the event is set aside (logged), not retried forever. */
  maxDeliver: number;
  /** How long a delivered event may stay unacknowledged before it is delivered again (JetStream; default 30 s). */
  ackWaitMs?: number;
  /** Events handled at once (default 1). JetStream only; the in-process bus handles one at a time. */
  concurrency?: number;
}

/** Resolving acknowledges the event; throwing asks for redelivery (until maxDeliver). */
export type EventHandler<T> = (event: ReceivedEvent<T>) => Promise<void>;

export interface Subscription {
  /** Stops taking new events and waits for the ones in hand. */
  stop(): Promise<void>;
}

export interface EventBus {
  publish(subject: string, data: unknown, options: PublishOptions): Promise<void>;
  consume<T>(options: ConsumeOptions, handler: EventHandler<T>): Promise<Subscription>;
  /** For /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
