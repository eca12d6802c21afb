import { z } from 'zod';
import { natsSettings } from '../../pkg/events';
import { loadConfig, setting } from '../../pkg/kit';

export const linkCheckerSettings = {
  PORT: setting.port(8081),
  ...natsSettings,
  /** Only for local runs and tests: lets the checker reach loopback and private addresses. */
  ALLOW_PRIVATE_ADDRESSES: setting.boolean(false),
  /** Deadline of one whole check (DNS, connection, redirects, up to the status line). */
  CHECK_TIMEOUT_MS: setting.positiveInt(5000),
  /** Checks in flight at once, across hosts; checks of one host stay PER_HOST_INTERVAL_MS apart. */
  CHECK_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  MAX_REDIRECTS: setting.positiveInt(5),
  /** Least time between two checks of the same host (politeness); 0 turns it off. */
  PER_HOST_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /** Opens the HTTP trigger POST /check to anyone: local runs and experiments only (no service calls it). */
  CALLER_AUTH_DISABLED: setting.boolean(false),
  LOG_LEVEL: setting.logLevel(),
};

export type LinkCheckerConfig = ReturnType<typeof loadLinkCheckerConfig>;

export function loadLinkCheckerConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(linkCheckerSettings, env);
}
