import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { signerFactory } from '@fastify/cookie';
import { ConfigError } from '../../pkg/kit';
import { UnauthenticatedError } from '../../pkg/object-model';

/** What a login needs between GET /login and its callback. */
export interface PendingLogin {
  state: string;
  verifier: string;
  /** A command-line login: where its loopback server waits, and the state it chose. */
  loopback?: LoopbackClient;
}

export interface LoopbackClient {
  redirectUri: string;
  state: string;
}

export const LOGIN_COOKIE = 'delinkcious_login';
/** Long enough to sign in at the provider, short enough that a stolen cookie soon goes stale. */
export const LOGIN_TTL_SECONDS = 600;
const MIN_KEY_LENGTH = 32;

/**
 * The pending login travels with the browser in an HMAC-signed cookie instead of living in
 * one replica's memory: the callback may land on any replica, and no number of GET /login
 * calls can push out somebody else's login. The expiry is inside the signed value, so an
 * old cookie replayed after its Max-Age is refused here too. Signing uses the first key;
 * every key is accepted, so a rotation keeps the logins under way.
 */
export class LoginCookie {
  private readonly signer: ReturnType<typeof signerFactory>;

  constructor(
    keys: string[],
    private readonly now: () => number = Date.now,
  ) {
    if (keys.length === 0 || keys.some((key) => key.length < MIN_KEY_LENGTH))
      throw new Error(`every login cookie key must have at least ${MIN_KEY_LENGTH} characters`);
    this.signer = signerFactory(keys);
  }

  seal(login: PendingLogin): string {
    const expires = this.now() + LOGIN_TTL_SECONDS * 1000;
    const payload = JSON.stringify({ ...login, expires });
    return this.signer.sign(Buffer.from(payload).toString('base64url'));
  }

  /** The pending login of a cookie this gateway (or a sibling with the same keys) set, not expired. */
  open(cookie: string | undefined): PendingLogin {
    if (!cookie) throw new UnauthenticatedError('no login under way in this browser; start again at /login');
    const { valid, value } = this.signer.unsign(cookie);
    if (!valid || !value)
      throw new UnauthenticatedError('the login cookie is not valid; start again at /login');
    const login = parsePayload(value);
    if (!login) throw new UnauthenticatedError('the login cookie is not valid; start again at /login');
    if (login.expires <= this.now())
      throw new UnauthenticatedError('the login expired; start again at /login');
    const { expires: _expires, ...pending } = login;
    return pending;
  }

  /** The pending login of a valid cookie, or nothing: no refusal (it only decides where to report one). */
  peek(cookie: string | undefined): PendingLogin | undefined {
    try {
      return this.open(cookie);
    } catch {
      return undefined;
    }
  }
}

function parsePayload(value: string): (PendingLogin & { expires: number }) | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    const { state, verifier, expires, loopback } = (parsed ?? {}) as Record<string, unknown>;
    if (typeof state === 'string' && typeof verifier === 'string' && typeof expires === 'number') {
      if (loopback === undefined) return { state, verifier, expires };
      const client = (loopback ?? {}) as Record<string, unknown>;
      if (typeof client.redirectUri === 'string' && typeof client.state === 'string')
        return {
          state,
          verifier,
          expires,
          loopback: { redirectUri: client.redirectUri, state: client.state },
        };
    }
  } catch {
    // Not ours: treated as invalid below.
  }
  return undefined;
}

/**
 * The signing keys: the file's first line is the current key, an optional second line the
 * previous one. Without a file each process makes its own, which only suits one replica.
 */
export function loginCookieKeys(file: string | undefined): { keys: string[]; generated: boolean } {
  if (!file) return { keys: [randomBytes(32).toString('base64url')], generated: true };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `invalid configuration: LOGIN_COOKIE_KEYS_FILE ${file} cannot be read (${(error as NodeJS.ErrnoException).code})`,
    );
  }
  const keys = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  if (keys.length === 0 || keys.length > 2)
    throw new ConfigError(
      `invalid configuration: LOGIN_COOKIE_KEYS_FILE ${file} must hold one or two keys, one a line`,
    );
  return { keys, generated: false };
}
