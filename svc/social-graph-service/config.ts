import { z } from 'zod';
import { databaseSettings } from '../../pkg/db';
import { ConfigError, loadConfig, setting } from '../../pkg/kit';

export const socialGraphServiceSettings = {
  PORT: setting.port(9090),
  ...databaseSettings,
  /** YAML `caller: token` pairs of the services allowed the trusted routes (a mounted Secret). */
  CALLER_TOKENS_FILE: z.string().optional(),
  /** Callers that may list anyone's followers. */
  ALLOWED_FOLLOWERS_CALLERS: z.string().default('news-service,api-gateway-service'),
  /** Turns the caller check off: only for experiments, and logged as a warning. */
  CALLER_AUTH_DISABLED: setting.boolean(false),
  LOG_LEVEL: setting.logLevel(),
};

export type SocialGraphServiceConfig = ReturnType<typeof loadSocialGraphServiceConfig>;

export function loadSocialGraphServiceConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(socialGraphServiceSettings, env);
  if (!config.CALLER_AUTH_DISABLED && !config.CALLER_TOKENS_FILE) {
    throw new ConfigError(
      'invalid configuration: CALLER_TOKENS_FILE is not set: required unless CALLER_AUTH_DISABLED=true',
    );
  }
  return config;
}
