import type { z } from 'zod';
import { ConfigError, loadConfig } from '../../pkg/kit';
import { apiGatewaySettings } from '../../svc/api-gateway-service/config';
import { linkCheckerSettings } from '../../svc/link-checker/config';
import { linkServiceSettings } from '../../svc/link-service/config';
import { newsServiceSettings } from '../../svc/news-service/config';
import { socialGraphServiceSettings } from '../../svc/social-graph-service/config';
import { userServiceSettings } from '../../svc/user-service/config';

/** Why `npm start` sets a setting itself, for the settings it must set (wiring, one shared bus). */
const BY_PORT_OFFSET = 'npm start sets it from PORT_OFFSET';
const BY_DATA_DIR = 'npm start keeps it in DATA_DIR';
const BY_TOKENS = 'npm start generates the caller tokens';
const BY_KEYS = 'npm start generates the user proof keys';
/** Every service that is called checks its callers with what npm start generates. */
const callerAuth = { CALLER_TOKENS_FILE: BY_TOKENS, USER_PROOF_KEYS_FILE: BY_KEYS };
const ONE_BUS = 'the services share one bus: set it without the service prefix';

export interface ServiceSettings {
  /** `LINK_SERVICE_MAX_LINKS_PER_USER` sets the link service's `MAX_LINKS_PER_USER`. */
  prefix: string;
  /** The service's own declarations (svc/<name>/config.ts), validators included. */
  declarations: Record<string, z.ZodType>;
  /** Settings npm start sets itself, and why a user may not. */
  wired: Record<string, string>;
  /** What npm start turns on for local use, unless the user says otherwise. */
  localDefaults: Record<string, string>;
  /** Settings that take a launcher variable's value unless given with the prefix: setting → variable. */
  fromLauncher: Record<string, string>;
  /** Defaults npm start computes (from the ports), as the README shows them. */
  computedDefaults?: Record<string, string>;
}

const nats = { NATS_URL: ONE_BUS, NATS_NAMESPACE: ONE_BUS, NATS_STREAM_REPLICAS: ONE_BUS };

/** Every service `npm start` runs, and how its settings are reached from the environment. */
export const SERVICE_SETTINGS = {
  'link-service': {
    prefix: 'LINK_SERVICE_',
    declarations: linkServiceSettings,
    wired: { PORT: BY_PORT_OFFSET, PGLITE_DATA_DIR: BY_DATA_DIR, ...callerAuth, ...nats },
    localDefaults: {},
    fromLauncher: { LOG_LEVEL: 'LOG_LEVEL', DATABASE_URL: 'LINK_DATABASE_URL' },
  },
  'user-service': {
    prefix: 'USER_SERVICE_',
    declarations: userServiceSettings,
    wired: {
      PORT: BY_PORT_OFFSET,
      PGLITE_DATA_DIR: BY_DATA_DIR,
      USER_PROOF_SIGNING_KEY_FILE: BY_KEYS,
      ...callerAuth,
    },
    localDefaults: {},
    fromLauncher: { LOG_LEVEL: 'LOG_LEVEL', DATABASE_URL: 'USER_DATABASE_URL' },
  },
  'social-graph-service': {
    prefix: 'SOCIAL_GRAPH_SERVICE_',
    declarations: socialGraphServiceSettings,
    wired: { PORT: BY_PORT_OFFSET, PGLITE_DATA_DIR: BY_DATA_DIR, ...callerAuth },
    localDefaults: {},
    fromLauncher: { LOG_LEVEL: 'LOG_LEVEL', DATABASE_URL: 'SOCIAL_GRAPH_DATABASE_URL' },
  },
  'news-service': {
    prefix: 'NEWS_SERVICE_',
    declarations: newsServiceSettings,
    wired: {
      PORT: BY_PORT_OFFSET,
      ADMIN_PORT: BY_PORT_OFFSET,
      SOCIAL_GRAPH_URL: BY_PORT_OFFSET,
      CALLER_TOKEN_FILE: BY_TOKENS,
      ...callerAuth,
      ...nats,
    },
    localDefaults: {},
    fromLauncher: { LOG_LEVEL: 'LOG_LEVEL', REDIS_URL: 'REDIS_URL' },
  },
  'link-checker': {
    prefix: 'LINK_CHECKER_',
    declarations: linkCheckerSettings,
    wired: { PORT: BY_PORT_OFFSET, ...nats },
    localDefaults: { ALLOW_PRIVATE_ADDRESSES: 'true' },
    fromLauncher: { LOG_LEVEL: 'LOG_LEVEL' },
  },
  'api-gateway-service': {
    prefix: 'API_GATEWAY_SERVICE_',
    declarations: apiGatewaySettings,
    wired: {
      PORT: BY_PORT_OFFSET,
      LINK_SERVICE_URL: BY_PORT_OFFSET,
      USER_SERVICE_URL: BY_PORT_OFFSET,
      SOCIAL_GRAPH_URL: BY_PORT_OFFSET,
      NEWS_SERVICE_ADDRESS: BY_PORT_OFFSET,
      CALLER_TOKEN_FILE: BY_TOKENS,
    },
    localDefaults: { DEV_LOGIN_ENABLED: 'true' },
    fromLauncher: {
      LOG_LEVEL: 'LOG_LEVEL',
      OAUTH_CLIENT_ID: 'OAUTH_CLIENT_ID',
      OAUTH_CLIENT_SECRET_FILE: 'OAUTH_CLIENT_SECRET_FILE',
    },
    computedDefaults: { OAUTH_REDIRECT_URL: 'http://localhost:<gateway port>/login/callback' },
  },
} satisfies Record<string, ServiceSettings>;

export type ServiceName = keyof typeof SERVICE_SETTINGS;

/**
 * The settings the user gave one service through `npm start` (`<PREFIX><SETTING>`),
 * validated by the service's own declarations: a bad value is refused with the same
 * one-line error, naming the variable as the user wrote it.
 */
export function givenSettings(service: ServiceName, env: NodeJS.ProcessEnv): Record<string, string> {
  const { prefix, declarations, wired } = SERVICE_SETTINGS[service] as ServiceSettings;
  const given: Record<string, string> = {};
  for (const [name, declaration] of Object.entries(declarations)) {
    const variable = `${prefix}${name}`;
    const value = env[variable];
    if (value === undefined || value === '') continue;
    if (wired[name]) {
      throw new ConfigError(`invalid configuration: ${variable} is ${JSON.stringify(value)}: ${wired[name]}`);
    }
    loadConfig({ [variable]: declaration }, env);
    given[name] = value;
  }
  return given;
}

/**
 * One service's environment, each layer over the one before: what npm start turns on for
 * local use, what it computes, the launcher variables the service takes, what the user
 * gave the service with its prefix, and the wiring npm start owns.
 */
export function serviceEnvironment(
  service: ServiceName,
  env: NodeJS.ProcessEnv,
  launcher: Record<string, unknown>,
  wiring: Record<string, string | undefined>,
  computed: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const { localDefaults, fromLauncher } = SERVICE_SETTINGS[service] as ServiceSettings;
  const inherited = Object.fromEntries(
    Object.entries(fromLauncher).map(([name, variable]) => [name, launcher[variable]]),
  );
  return {
    ...localDefaults,
    ...computed,
    ...defined(inherited),
    ...givenSettings(service, env),
    ...defined(wiring),
  };
}

function defined(values: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values)
      .filter(([, value]) => value !== undefined && value !== '')
      .map(([name, value]) => [name, String(value)]),
  );
}
