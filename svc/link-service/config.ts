import { z } from 'zod';
import { loadConfig, setting } from '../../pkg/kit';

export const linkServiceSettings = {
  PORT: setting.port(8080),
  /** Postgres; unset runs on an embedded PGlite database. */
  DATABASE_URL: setting.url(['postgres', 'postgresql']).optional(),
  /** Where PGlite keeps its files when DATABASE_URL is unset; unset keeps them in memory. */
  PGLITE_DATA_DIR: z.string().optional(),
  /** NATS with JetStream; unset leaves link events in the outbox (a launcher may inject a bus). */
  NATS_URL: setting.url(['nats', 'tls']).optional(),
  /** Prefix of JetStream streams and subjects (tests, side-by-side systems); unset uses the real ones. */
  NATS_NAMESPACE: z.string().optional(),
  /** Copies of each JetStream stream: 1 on a single server, 3 on a cluster of three. */
  NATS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  MAX_LINKS_PER_USER: setting.positiveInt(1000),
  /** Time one query may spend compiling, queueing for and running its filters; past it, a 400. */
  REGEX_BUDGET_MS: setting.positiveInt(1000),
  LOG_LEVEL: setting.logLevel(),
};

export type LinkServiceConfig = ReturnType<typeof loadLinkServiceConfig>;

export function loadLinkServiceConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(linkServiceSettings, env);
}
