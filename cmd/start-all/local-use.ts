/**
 * Whether `npm start` turns on what only suits a machine of one's own: the development
 * login (anyone can sign in as anyone) and link checks of loopback and private addresses.
 * `auto` turns them on only in the embedded mode, where nothing but this process is
 * involved; once a real database, Redis or NATS is given, the system may be shared, so
 * they stay off unless asked for with LOCAL_USE=on (or the service's own setting).
 */
export const LOCAL_USE_CHOICES = ['auto', 'on', 'off'] as const;
export type LocalUseChoice = (typeof LOCAL_USE_CHOICES)[number];

export interface LocalUse {
  on: boolean;
  /** Why, for the banner: `embedded mode`, `real servers given (NATS)`, `LOCAL_USE=on`. */
  reason: string;
}

/** The real servers the system was given, by kind, e.g. `['Postgres', 'NATS']`. */
export function realServersGiven(urls: {
  databases: Array<string | undefined>;
  redis?: string;
  nats?: string;
}): string[] {
  return [
    ...(urls.databases.some(Boolean) ? ['Postgres'] : []),
    ...(urls.redis ? ['Redis'] : []),
    ...(urls.nats ? ['NATS'] : []),
  ];
}

export function decideLocalUse(choice: LocalUseChoice, realServers: string[]): LocalUse {
  if (choice !== 'auto') return { on: choice === 'on', reason: `LOCAL_USE=${choice}` };
  if (realServers.length === 0) return { on: true, reason: 'embedded mode; LOCAL_USE=off turns it off' };
  return {
    on: false,
    reason: `real servers given (${realServers.join(', ')}); LOCAL_USE=on turns it on`,
  };
}
