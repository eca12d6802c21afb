import { parseArgs } from 'node:util';

export const USAGE =
  'usage: smoke-test --gateway URL [--session TOKEN | --dev-login USERNAME] (or SMOKE_SESSION=TOKEN)';

export class UsageError extends Error {}

export interface SmokeOptions {
  gateway: string;
  /** Log in through POST /v1/dev/login as this user, and as a follower of theirs. */
  devLogin?: string;
  session?: string;
}

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,54}$/;

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): SmokeOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        gateway: { type: 'string' },
        session: { type: 'string' },
        'dev-login': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
  if (values.gateway === undefined) throw new UsageError('--gateway is required');
  let gateway: URL;
  try {
    gateway = new URL(values.gateway);
  } catch {
    throw new UsageError(`--gateway "${values.gateway}" is not a URL`);
  }
  if (gateway.protocol !== 'http:' && gateway.protocol !== 'https:') {
    throw new UsageError(`--gateway "${values.gateway}" is not an http(s) URL`);
  }
  const devLogin = values['dev-login'];
  const session = values.session ?? (devLogin === undefined ? env.SMOKE_SESSION || undefined : undefined);
  if (devLogin !== undefined && values.session !== undefined) {
    throw new UsageError('give --session or --dev-login, not both');
  }
  if (devLogin === undefined && session === undefined) {
    throw new UsageError('a session is needed: --session TOKEN, SMOKE_SESSION=TOKEN or --dev-login USERNAME');
  }
  // Leaves room for the follower's "-follower" suffix within the 64 characters of a username.
  if (devLogin !== undefined && !USERNAME.test(devLogin)) {
    throw new UsageError(`--dev-login "${devLogin}" must match ${USERNAME.source}`);
  }
  return { gateway: gateway.toString().replace(/\/+$/, ''), devLogin, session };
}
