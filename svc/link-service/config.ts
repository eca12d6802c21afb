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
  MAX_LINKS_PER_USER: setting.positiveInt(1000),
  REGEX_BUDGET_MS: setting.positiveInt(1000),
  LOG_LEVEL: setting.logLevel(),
};

export type LinkServiceConfig = ReturnType<typeof loadLinkServiceConfig>;

export function loadLinkServiceConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(linkServiceSettings, env);
}
