import { z } from 'zod';
import { callerAuthSettings, requireCallerAuthFiles } from '../../pkg/auth';
import { databaseSettings } from '../../pkg/db';
import { ConfigError, loadConfig, setting } from '../../pkg/kit';

export const userServiceSettings = {
  PORT: setting.port(7070),
  ...databaseSettings,
  /** How long a session lives after login. */
  SESSION_TTL_SECONDS: setting.positiveInt(7 * 24 * 3600),
  ...callerAuthSettings,
  /** The private JWK that signs user proofs (a mounted Secret); its public half is in USER_PROOF_KEYS_FILE. */
  USER_PROOF_SIGNING_KEY_FILE: z.string().optional(),
  /** How long a user proof is good for: the gateway asks again after that. */
  USER_PROOF_TTL_SECONDS: z.coerce.number().int().min(10).max(300).default(60),
  LOG_LEVEL: setting.logLevel(),
};

export type UserServiceConfig = ReturnType<typeof loadUserServiceConfig>;

export function loadUserServiceConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = requireCallerAuthFiles(loadConfig(userServiceSettings, env));
  if (!config.CALLER_AUTH_DISABLED && !config.USER_PROOF_SIGNING_KEY_FILE) {
    throw new ConfigError(
      'invalid configuration: USER_PROOF_SIGNING_KEY_FILE is not set: required unless CALLER_AUTH_DISABLED=true',
    );
  }
  return config;
}
