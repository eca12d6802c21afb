import { z } from 'zod';
import { callerAuthSettings, requireCallerAuthFiles } from '../../pkg/auth';
import { natsSettings } from '../../pkg/events';
import { loadConfig, setting } from '../../pkg/kit';

export const newsServiceSettings = {
  /** gRPC (pb/news.proto and grpc.health.v1.Health). */
  PORT: setting.port(6060),
  /** HTTP /healthz, /readyz, /metrics. */
  ADMIN_PORT: setting.port(6061),
  /** Redis for the feeds; unset keeps them in process memory. */
  REDIS_URL: setting.url(['redis', 'rediss']).optional(),
  REDIS_KEY_PREFIX: z.string().default('news:'),
  ...natsSettings,
  /** The social graph service, asked for an author's followers. */
  SOCIAL_GRAPH_URL: setting.url(['http', 'https']),
  /** File holding this service's caller token for the social graph service (a mounted Secret). */
  CALLER_TOKEN_FILE: z.string().optional(),
  FEED_MAX_LENGTH: setting.positiveInt(1000),
  /**
   * How long the in-memory store (no REDIS_URL) remembers an event id per feed, so
   * redeliveries are dropped. Redis needs none: a feed's entry records its event.
   */
  FEED_DEDUP_TTL_SECONDS: setting.positiveInt(7 * 24 * 3600),
  NEWS_PAGE_SIZE: setting.positiveInt(20),
  FAN_OUT_BATCH_SIZE: setting.positiveInt(500),
  /** Deliveries of one link event before it is set aside. */
  EVENT_MAX_DELIVER: setting.positiveInt(10),
  /** How long a link event may stay unacknowledged (e.g. the service died holding it) before it is redelivered. */
  EVENT_ACK_WAIT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  ...callerAuthSettings,
  LOG_LEVEL: setting.logLevel(),
};

export type NewsServiceConfig = ReturnType<typeof loadNewsServiceConfig>;

export function loadNewsServiceConfig(env: NodeJS.ProcessEnv = process.env) {
  return requireCallerAuthFiles(loadConfig(newsServiceSettings, env));
}
