import { z } from 'zod';
import { loadConfig, setting } from '../../pkg/kit';

export const userServiceSettings = {
  PORT: setting.port(7070),
  /** Postgres; unset runs on an embedded PGlite database. */
  DATABASE_URL: setting.url(['postgres', 'postgresql']).optional(),
  /** Where PGlite keeps its files when DATABASE_URL is unset; unset keeps them in memory. */
  PGLITE_DATA_DIR: z.string().optional(),
  /** How long a session lives after login. */
  SESSION_TTL_SECONDS: setting.positiveInt(7 * 24 * 3600),
  LOG_LEVEL: setting.logLevel(),
};

export type UserServiceConfig = ReturnType<typeof loadUserServiceConfig>;

export function loadUserServiceConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(userServiceSettings, env);
}
