import { callerAuthSettings, requireCallerAuthFiles } from '../../pkg/auth';
import { databaseSettings } from '../../pkg/db';
import { loadConfig, setting } from '../../pkg/kit';

export const socialGraphServiceSettings = {
  PORT: setting.port(9090),
  ...databaseSettings,
  ...callerAuthSettings,
  LOG_LEVEL: setting.logLevel(),
};

export type SocialGraphServiceConfig = ReturnType<typeof loadSocialGraphServiceConfig>;

export function loadSocialGraphServiceConfig(env: NodeJS.ProcessEnv = process.env) {
  return requireCallerAuthFiles(loadConfig(socialGraphServiceSettings, env));
}
