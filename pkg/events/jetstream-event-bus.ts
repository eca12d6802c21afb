import { context } from '@opentelemetry/api';
import {
  AckPolicy,
  DeliverPolicy,
  connect,
  nanos,
  headers as natsHeaders,
  type ConsumerMessages,
  type JsMsg,
  type NatsConnection,
} from 'nats';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { UnavailableError } from '../kit/errors';
import { unavailableBecause } from '../kit/transport/failure-cause';
import type { ConsumeOptions, EventBus, EventHandler, PublishOptions, Subscription } from './event-bus';
import { redeliveryDelayMs } from './retry-delay';
import { subjectMatches } from './subject-match';
import { handleWithin } from './concurrent-handling';
import {
  ConsumerLagGauge,
  DEFAULT_LAG_INTERVAL_MS,
  consumerPending,
  filtersSeveralSubjects,
} from './consumer-lag';
import { contextFromHeaders, traceHeaders } from './trace-headers';

export interface StreamSpec {
  name: string;
  /** Logical subjects, e.g. `links.>`. */
  subjects: string[];
}

export interface JetStreamEventBusOptions {
  servers: string;
  logger: Logger;
  /** Prefix for stream names and subjects, so tests never touch the real streams. */
  namespace?: string;
  /** The streams this bus declares; the domain names them (the bus knows none). */
  streams: StreamSpec[];
  /** Copies of each stream: 1 on a single server; 3 on a cluster of three survives losing one. */
  replicas?: number;
  /** How long publish waits for a connection before answering UNAVAILABLE. */
  connectWaitMs?: number;
  /** Where the consumer lag gauge is registered (the service's /metrics). */
  registry?: Registry;
  /** How often the lag gauge reads each consumer's state (default 2 s). */
  lagIntervalMs?: number;
}

const DUPLICATE_WINDOW_NS = 2 * 60 * 1e9;
const DEFAULT_ACK_WAIT_MS = 30_000;
/** How long close() lets a drain finish the work in hand before it closes the connection outright. */
const DRAIN_WAIT_MS = 2000;

/**
 * The event bus on NATS JetStream. It connects in the background and keeps reconnecting,
 * so a service starts and serves while NATS is down; publishing then fails with
 * UNAVAILABLE (the link service's outbox keeps the event) and consumers resume when NATS
 * is back. Streams and durable consumers are declared in code, idempotently.
 */
export class JetStreamEventBus implements EventBus {
  private readonly connection: Promise<NatsConnection>;
  private readonly streams: StreamSpec[];
  private readonly prefix: string;
  private closed = false;
  private current?: NatsConnection;
  private readonly lag?: ConsumerLagGauge;

  constructor(private readonly options: JetStreamEventBusOptions) {
    if (options.registry) this.lag = new ConsumerLagGauge(options.registry);
    this.streams = options.streams;
    this.prefix = options.namespace ? `${options.namespace}.` : '';
    this.connection = this.connectUntilUp();
    // Callers learn of failures through publish/ping; an unobserved rejection must not crash.
    this.connection.catch(() => {});
  }

  async publish(subject: string, data: unknown, options: PublishOptions): Promise<void> {
    const nc = await this.connected();
    const headers = natsHeaders();
    for (const [key, value] of Object.entries({ ...traceHeaders(), ...options.headers }))
      headers.set(key, value);
    try {
      await nc
        .jetstream()
        .publish(this.prefix + subject, JSON.stringify(data), { msgID: options.msgId, headers });
    } catch (error) {
      throw unavailableBecause('NATS is unavailable', error);
    }
  }

  async consume<T>(options: ConsumeOptions, handler: EventHandler<T>): Promise<Subscription> {
    let messages: ConsumerMessages | undefined;
    let stopped = false;
    const stopLag = this.watchLag(options);
    // A stop while NATS has never been reached must not wait for it.
    let stopRequested: () => void = () => {};
    const stopping = new Promise<undefined>((resolve) => (stopRequested = () => resolve(undefined)));
    const loop = (async () => {
      const nc = await Promise.race([this.connection, stopping]);
      if (!nc || stopped) return;
      const stream = this.streamFor(options.subjects[0]);
      await this.declareConsumer(nc, stream, options);
      if (stopped) return;
      const consumer = await nc.jetstream().consumers.get(stream, options.durable);
      messages = await consumer.consume({ max_messages: 64 });
      if (stopped) return messages.stop();
      await handleWithin(
        messages,
        options.concurrency ?? 1,
        () => stopped,
        (message) => this.handle(message, options, handler),
      );
    })().catch((error: unknown) => {
      if (!stopped && !this.closed)
        this.options.logger.error({ err: error, durable: options.durable }, 'consumer stopped');
    });
    return {
      stop: async () => {
        stopped = true;
        stopRequested();
        stopLag();
        // stop() ends the iteration after the event in hand; close() would wait for every
        // buffered event to be handled first. Buffered, unacked events are redelivered later.
        messages?.stop();
        await loop;
      },
    };
  }

  async ping(): Promise<void> {
    const nc = await this.connected(1000);
    await nc.flush();
  }

  async close(): Promise<void> {
    this.closed = true;
    const nc = this.current;
    if (!nc || nc.isClosed()) return;
    // A drain lets the events in hand finish, but it can wait for good on a request cut off
    // half-way (streams still being declared when a short job closes): it gets a bound.
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, DRAIN_WAIT_MS)));
    await Promise.race([nc.drain().catch(() => {}), bound]);
    clearTimeout(timer);
    if (!nc.isClosed()) await nc.close().catch(() => {});
  }

  /** Deletes this bus's streams: for tests that use a private namespace. */
  async deleteStreams(): Promise<void> {
    const jsm = await (await this.connected()).jetstreamManager();
    for (const stream of this.streams)
      await jsm.streams.delete(this.streamName(stream.name)).catch(() => false);
  }

  private async handle<T>(message: JsMsg, options: ConsumeOptions, handler: EventHandler<T>): Promise<void> {
    const headers: Record<string, string> = {};
    for (const key of message.headers?.keys() ?? []) headers[key] = message.headers?.get(key) ?? '';
    const deliveryCount = message.info.deliveryCount;
    const subject = message.subject.slice(this.prefix.length);
    if (!options.subjects.some((pattern) => subjectMatches(pattern, subject))) {
      message.ack();
      return;
    }
    try {
      const event = {
        subject,
        data: message.json<T>(),
        deliveryCount,
        headers,
      };
      await context.with(contextFromHeaders(headers), () => handler(event));
      message.ack();
    } catch (error) {
      if (deliveryCount >= options.maxDeliver) {
        this.options.logger.error(
          { err: error, subject: message.subject, durable: options.durable, deliveryCount },
          'event set aside after repeated failures',
        );
        message.term();
      } else {
        message.nak(redeliveryDelayMs(deliveryCount));
      }
    }
  }

  private async connectUntilUp(): Promise<NatsConnection> {
    for (let attempt = 1; ; attempt++) {
      if (this.closed) throw new Error('event bus closed');
      let nc: NatsConnection | undefined;
      try {
        nc = await connect({
          servers: this.options.servers,
          name: this.options.namespace ?? 'delinkcious',
          maxReconnectAttempts: -1,
          reconnectTimeWait: 500,
        });
        this.current = nc;
        await this.declareStreams(nc);
        // Closed while this connection was being set up: close() found none to close, or cut it off.
        if (this.closed) throw new Error('event bus closed');
        return nc;
      } catch (error) {
        // Connected but the streams were refused: close this connection before the next try.
        await nc?.close().catch(() => {});
        if (this.closed) throw new Error('event bus closed');
        // The server's own words: unreachable, or refusing the streams (e.g. more replicas than servers).
        if (attempt === 1)
          this.options.logger.warn(
            { err: error },
            `NATS is not ready yet (${(error as Error).message}); retrying`,
          );
        await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 250 * attempt)));
      }
    }
  }

  private async connected(waitMs = this.options.connectWaitMs ?? 2000): Promise<NatsConnection> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new UnavailableError('NATS is unavailable')), waitMs);
    });
    try {
      const nc = await Promise.race([this.connection, timeout]);
      if (nc.isClosed()) throw new UnavailableError('NATS is unavailable');
      return nc;
    } finally {
      clearTimeout(timer);
    }
  }

  private async declareStreams(nc: NatsConnection): Promise<void> {
    const jsm = await nc.jetstreamManager();
    for (const stream of this.streams) {
      const config = {
        name: this.streamName(stream.name),
        subjects: stream.subjects.map((subject) => this.prefix + subject),
        duplicate_window: DUPLICATE_WINDOW_NS,
        num_replicas: this.options.replicas ?? 1,
      };
      try {
        await jsm.streams.info(config.name);
        await jsm.streams.update(config.name, config);
      } catch {
        await jsm.streams.add(config);
      }
    }
  }

  private async declareConsumer(nc: NatsConnection, stream: string, options: ConsumeOptions): Promise<void> {
    const jsm = await nc.jetstreamManager();
    const subjects = options.subjects.map((subject) => this.prefix + subject);
    const config = {
      durable_name: options.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      // The server filters on the handled subjects, so the consumer's state (and the lag
      // gauge) counts only them. Servers before 2.10 filter on one subject at most: with
      // several, the rest are filtered here (handle()) and consumer-lag.ts counts them.
      ...(subjects.length === 1
        ? { filter_subject: subjects[0] }
        : filtersSeveralSubjects(nc)
          ? { filter_subjects: subjects }
          : {}),
      max_deliver: options.maxDeliver,
      ack_wait: nanos(options.ackWaitMs ?? DEFAULT_ACK_WAIT_MS),
    };
    try {
      await jsm.consumers.info(stream, options.durable);
      await jsm.consumers.update(stream, options.durable, config);
    } catch {
      await jsm.consumers.add(stream, config);
    }
  }

  /** Keeps the durable's lag gauge (0 from now on, then read from the server); returns the stop. */
  private watchLag(options: ConsumeOptions): () => void {
    if (!this.lag) return () => {};
    return this.lag.watch(
      options.durable,
      async () => {
        const nc = await this.connected(1000);
        return consumerPending(
          await nc.jetstreamManager(),
          this.streamFor(options.subjects[0]),
          options.durable,
          options.subjects.map((subject) => this.prefix + subject),
          options.subjects.length === 1 || filtersSeveralSubjects(nc),
        );
      },
      this.options.lagIntervalMs ?? DEFAULT_LAG_INTERVAL_MS,
      // Unknown while NATS is away or the consumer not yet declared: the last reading stays.
      (error) => this.options.logger.debug({ err: error, durable: options.durable }, 'consumer lag not read'),
    );
  }

  private streamFor(subject: string): string {
    const stream = this.streams.find((spec) =>
      spec.subjects.some((pattern) => subjectMatches(pattern, subject)),
    );
    if (!stream) throw new Error(`no stream carries ${subject}`);
    return this.streamName(stream.name);
  }

  private streamName(name: string): string {
    return this.options.namespace
      ? `${this.options.namespace.replace(/[^A-Za-z0-9_-]/g, '_')}_${name}`
      : name;
  }
}
