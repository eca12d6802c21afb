import { z } from 'zod';
import { setting } from '../kit/config';

/** The NATS settings of every service that uses the bus, declared once and spread into its config. */
export const natsSettings = {
  /** NATS with JetStream; unset uses no bus or an in-process one (each service says which). */
  NATS_URL: setting.url(['nats', 'tls']).optional(),
  /** Prefix of JetStream streams and subjects (tests, side-by-side systems); unset uses the real ones. */
  NATS_NAMESPACE: z.string().optional(),
  /** Copies of each JetStream stream: 1 on a single server, 3 on a cluster of three. */
  NATS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
};

export type NatsSettings = z.infer<z.ZodObject<typeof natsSettings>>;
