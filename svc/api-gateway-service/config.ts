import { z } from 'zod';
import { loadConfig, setting } from '../../pkg/kit';

export const apiGatewaySettings = {
  PORT: setting.port(5000),
  LINK_SERVICE_URL: setting.url(['http', 'https']).default('http://localhost:8080'),
  USER_SERVICE_URL: setting.url(['http', 'https']).default('http://localhost:7070'),
  SOCIAL_GRAPH_URL: setting.url(['http', 'https']).default('http://localhost:9090'),
  /** `host:port` of the news service's gRPC endpoint. */
  NEWS_SERVICE_ADDRESS: z
    .string()
    .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'must be host:port')
    .default('localhost:6060'),
  /** File holding this gateway's caller token, sent on every call to the services (a mounted Secret). */
  CALLER_TOKEN_FILE: z.string().optional(),
  /** Development login (POST /v1/dev/login): local runs and tests only, never production. */
  DEV_LOGIN_ENABLED: setting.boolean(false),
  RATE_LIMIT_PER_MINUTE: setting.positiveInt(600),
  BODY_LIMIT_BYTES: setting.positiveInt(64 * 1024),
  /** Largest bookmark file POST /v1/import reads (browsers' files carry icons: ~2 KB a bookmark). */
  IMPORT_LIMIT_BYTES: setting.positiveInt(10 * 1024 * 1024),
  /** Comma-separated origins allowed by CORS; empty allows none. */
  CORS_ORIGINS: z.string().default(''),
  /** How long a resolved session is trusted before asking the user service again. */
  SESSION_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(5),
  OAUTH_AUTHORIZE_URL: setting.url(['http', 'https']).default('https://github.com/login/oauth/authorize'),
  OAUTH_TOKEN_URL: setting.url(['http', 'https']).default('https://github.com/login/oauth/access_token'),
  OAUTH_USERINFO_URL: setting.url(['http', 'https']).default('https://api.github.com/user'),
  OAUTH_SCOPE: z.string().default('read:user user:email'),
  OAUTH_CLIENT_ID: z.string().optional(),
  /** File holding the OAuth2 client secret (a mounted Secret); never an environment value in git. */
  OAUTH_CLIENT_SECRET_FILE: z.string().optional(),
  /** Where the provider sends the browser back: this gateway's /login/callback. */
  OAUTH_REDIRECT_URL: setting.url(['http', 'https']).default('http://localhost:5000/login/callback'),
  LOG_LEVEL: setting.logLevel(),
  /**
   * Redis shared by every replica: rate-limit counters, logout notices, login codes. Unset
   * (`npm start`, one replica): all stay in this process's memory.
   */
  REDIS_URL: setting.url(['redis', 'rediss']).optional(),
  /** Prefix of every key and channel the gateway uses in that Redis. */
  REDIS_KEY_PREFIX: z.string().min(1).max(100).default('delinkcious:gateway:'),
  /** Reverse proxies in front of the gateway whose X-Forwarded-For is trusted (1 behind the ingress). */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /**
   * File whose first line is the key that signs the login cookie (OAuth state and PKCE
   * verifier) and whose optional second line is the previous key, still accepted during a
   * rotation. Unset: a random key per process, so a login must end on the replica it began.
   */
  LOGIN_COOKIE_KEYS_FILE: z.string().optional(),
};

export type ApiGatewayConfig = ReturnType<typeof loadApiGatewayConfig>;

export function loadApiGatewayConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(apiGatewaySettings, env);
}
