import { databaseSettings } from '../../pkg/db';
import { loadConfig, setting } from '../../pkg/kit';

export const userServiceSettings = {
  PORT: setting.port(7070),
  ...databaseSettings,
  /** How long a session lives after login. */
  SESSION_TTL_SECONDS: setting.positiveInt(7 * 24 * 3600),
  LOG_LEVEL: setting.logLevel(),
};

export type UserServiceConfig = ReturnType<typeof loadUserServiceConfig>;

export function loadUserServiceConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(userServiceSettings, env);
}
