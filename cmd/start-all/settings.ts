import { z } from 'zod';
import { setting } from '../../pkg/kit';
import { LOCAL_USE_CHOICES } from './local-use';

/** `npm start`'s own settings, each with what it means (the README's table is generated from these). */
export const LAUNCHER_SETTINGS = {
  DATA_DIR: {
    declaration: z.string().default('.data'),
    meaning: 'the embedded Postgres and the generated caller tokens; one running system per folder',
  },
  PORT_OFFSET: {
    declaration: z.coerce.number().int().min(0).max(60_000).default(0),
    meaning: 'added to every port, to run a second system (with its own `DATA_DIR`) beside the first',
  },
  LOG_LEVEL: {
    declaration: setting.logLevel().default('warn'),
    meaning: 'every service’s log level (a service’s own `<PREFIX>LOG_LEVEL` wins)',
  },
  LINK_DATABASE_URL: {
    declaration: setting.url(['postgres', 'postgresql']).optional(),
    meaning: 'Postgres for the link service instead of the embedded one (as `LINK_SERVICE_DATABASE_URL`)',
  },
  USER_DATABASE_URL: {
    declaration: setting.url(['postgres', 'postgresql']).optional(),
    meaning: 'Postgres for the user service (as `USER_SERVICE_DATABASE_URL`)',
  },
  SOCIAL_GRAPH_DATABASE_URL: {
    declaration: setting.url(['postgres', 'postgresql']).optional(),
    meaning: 'Postgres for the social graph service (as `SOCIAL_GRAPH_SERVICE_DATABASE_URL`)',
  },
  REDIS_URL: {
    declaration: setting.url(['redis', 'rediss']).optional(),
    meaning: 'Redis for the news feeds instead of memory (as `NEWS_SERVICE_REDIS_URL`)',
  },
  NATS_URL: {
    declaration: setting.url(['nats', 'tls']).optional(),
    meaning: 'NATS JetStream instead of the in-process bus, for every service',
  },
  NATS_NAMESPACE: {
    declaration: z.string().optional(),
    meaning: 'prefix of JetStream streams and subjects',
  },
  NATS_STREAM_REPLICAS: {
    declaration: z.coerce.number().int().min(1).max(5).default(1),
    meaning: 'copies of each JetStream stream',
  },
  LOCAL_USE: {
    declaration: z.enum(LOCAL_USE_CHOICES).default('auto'),
    meaning:
      'the development login and link checks of local and private urls: `auto` turns them on only in the embedded mode (no database URL, `REDIS_URL` or `NATS_URL`), `on` and `off` decide',
  },
  OAUTH_CLIENT_ID: {
    declaration: z.string().optional(),
    meaning: 'with `OAUTH_CLIENT_SECRET_FILE`, turns on social login at `/login`',
  },
  OAUTH_CLIENT_SECRET_FILE: {
    declaration: z.string().optional(),
    meaning: 'file holding the OAuth2 client secret',
  },
} satisfies Record<string, { declaration: z.ZodType; meaning: string }>;

type Declarations = { [K in keyof typeof LAUNCHER_SETTINGS]: (typeof LAUNCHER_SETTINGS)[K]['declaration'] };

export const launcherDeclarations = Object.fromEntries(
  Object.entries(LAUNCHER_SETTINGS).map(([name, { declaration }]) => [name, declaration]),
) as Declarations;
