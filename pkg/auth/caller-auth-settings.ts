import type { Logger } from 'pino';
import { z } from 'zod';
import { ConfigError, setting } from '../kit';
import { CallGuard } from './call-access';
import { CallerTokenVerifier, loadCallerTokens } from './caller-tokens';
import { UserProofVerifier } from './user-proof';

/** The settings of every service that checks who calls it (mounted Secrets). */
export const callerAuthSettings = {
  /** YAML `caller: token` pairs of the services that may call this one. */
  CALLER_TOKENS_FILE: z.string().optional(),
  /** JWK set of the user service's public keys (current and, while rotating, previous). */
  USER_PROOF_KEYS_FILE: z.string().optional(),
  /** Turns every caller check off: only for experiments and tests, and logged as a warning. */
  CALLER_AUTH_DISABLED: setting.boolean(false),
};

interface CallerAuthConfig {
  CALLER_TOKENS_FILE?: string;
  USER_PROOF_KEYS_FILE?: string;
  CALLER_AUTH_DISABLED: boolean;
}

/** Refuses a configuration that checks callers without the files to check them with. */
export function requireCallerAuthFiles<C extends CallerAuthConfig>(config: C): C {
  if (config.CALLER_AUTH_DISABLED) return config;
  for (const name of ['CALLER_TOKENS_FILE', 'USER_PROOF_KEYS_FILE'] as const) {
    if (!config[name]) {
      throw new ConfigError(
        `invalid configuration: ${name} is not set: required unless CALLER_AUTH_DISABLED=true`,
      );
    }
  }
  return config;
}

/** The guard built from the mounted Secrets, or none (with a warning) when the checks are off. */
export function callGuardOf(config: CallerAuthConfig, logger: Logger): CallGuard | undefined {
  if (config.CALLER_AUTH_DISABLED) {
    logger.warn('CALLER_AUTH_DISABLED=true: any caller may call this service for any user');
    return undefined;
  }
  requireCallerAuthFiles(config);
  return new CallGuard(
    new CallerTokenVerifier(loadCallerTokens(config.CALLER_TOKENS_FILE!)),
    UserProofVerifier.fromFile(config.USER_PROOF_KEYS_FILE!),
  );
}
