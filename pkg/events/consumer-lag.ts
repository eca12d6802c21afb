import { AckPolicy, DeliverPolicy, type JetStreamManager, type NatsConnection } from 'nats';
import { Gauge, type Registry } from 'prom-client';

/** How often each durable consumer's state is read for the lag gauge. */
export const DEFAULT_LAG_INTERVAL_MS = 2000;

/**
 * `delinkcious_event_consumer_pending{durable}`: events a durable consumer has still to
 * finish, read from the consumer's state on the server on a timer (not from deliveries,
 * which stop exactly when the consumer is stuck). It exists, at 0, from the moment the
 * consumer is started; while the server cannot be asked it keeps the last reading.
 */
export class ConsumerLagGauge {
  private readonly gauge: Gauge<'durable'>;

  constructor(registry: Registry) {
    this.gauge = new Gauge({
      name: 'delinkcious_event_consumer_pending',
      help: 'Events of the subjects a durable consumer handles that wait for it: not yet delivered plus delivered and not yet acknowledged.',
      labelNames: ['durable'],
      registers: [registry],
    });
  }

  /** Sets the durable's gauge to 0 now and to `read()` every `intervalMs`; returns the stop. */
  watch(
    durable: string,
    read: () => Promise<number>,
    intervalMs: number,
    onError: (error: unknown) => void,
  ): () => void {
    this.gauge.set({ durable }, 0);
    let reading = false;
    const timer = setInterval(() => {
      if (reading) return;
      reading = true;
      read()
        .then((pending) => this.gauge.set({ durable }, pending))
        .catch(onError)
        .finally(() => (reading = false));
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}

/** NATS 2.10 filters a consumer on several subjects; older servers on one at most. */
export function filtersSeveralSubjects(nc: NatsConnection): boolean {
  const [major = 0, minor = 0] = (nc.info?.version ?? '0.0.0').split('.').map(Number);
  return major > 2 || (major === 2 && minor >= 10);
}

/**
 * What a durable consumer has still to finish, of the (stream-level) `subjects` it
 * handles. When the server filters the consumer on exactly those subjects, its state
 * says so directly: not yet delivered plus delivered and unacknowledged. An older
 * server's consumer of several subjects sees the whole stream, so both of its counts
 * include other subjects; then the events of the handled subjects past its ack floor
 * are counted by a short-lived probe consumer per subject. That is exact for a consumer
 * that acknowledges in order (one event at a time, as the news service does) and counts
 * high while later events are acknowledged before an earlier one.
 */
export async function consumerPending(
  jsm: JetStreamManager,
  stream: string,
  durable: string,
  subjects: string[],
  filteredOnServer: boolean,
): Promise<number> {
  const info = await jsm.consumers.info(stream, durable);
  if (filteredOnServer) return info.num_pending + info.num_ack_pending;
  let waiting = 0;
  for (const subject of subjects) {
    const probe = await jsm.consumers.add(stream, {
      ack_policy: AckPolicy.None,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: info.ack_floor.stream_seq + 1,
      filter_subject: subject,
      mem_storage: true,
      // Removed below; the server drops it by itself should this process die first.
      inactive_threshold: 30 * 1e9,
    });
    waiting += probe.num_pending;
    await jsm.consumers.delete(stream, probe.name).catch(() => false);
  }
  return waiting;
}
