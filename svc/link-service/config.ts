import { callerAuthSettings, requireCallerAuthFiles } from '../../pkg/auth';
import { databaseSettings } from '../../pkg/db';
import { natsSettings } from '../../pkg/events';
import { loadConfig, setting } from '../../pkg/kit';

export const linkServiceSettings = {
  PORT: setting.port(8080),
  ...databaseSettings,
  ...natsSettings,
  MAX_LINKS_PER_USER: setting.positiveInt(1000),
  /** Time one query may spend compiling, queueing for and running its filters; past it, a 400. */
  REGEX_BUDGET_MS: setting.positiveInt(1000),
  ...callerAuthSettings,
  /** Largest request: an import's bookmarks travel in one body (the gateway bounds the file first). */
  BODY_LIMIT_BYTES: setting.positiveInt(16 * 1024 * 1024),
  LOG_LEVEL: setting.logLevel(),
};

export type LinkServiceConfig = ReturnType<typeof loadLinkServiceConfig>;

export function loadLinkServiceConfig(env: NodeJS.ProcessEnv = process.env) {
  return requireCallerAuthFiles(loadConfig(linkServiceSettings, env));
}
