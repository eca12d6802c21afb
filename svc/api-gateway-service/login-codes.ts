import { createHash, randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import { UnauthenticatedError, UnavailableError } from '../../pkg/object-model';

/** What a login code stands for: the session it hands over, to the client whose `state` it carries. */
export interface LoginGrant {
  state: string;
  session: { session: string; username: string; email: string };
}

/** Long enough for the command line to post the code it was just handed, no longer. */
export const LOGIN_CODE_TTL_SECONDS = 60;

/**
 * One-time codes that hand a session opened by a browser over to a command-line client. Kept
 * where every replica sees them (Redis) or, with one replica, in memory. A code is spent by its
 * first exchange, whatever the outcome: a wrong state means it leaked, and it stays refused.
 */
export interface LoginCodes {
  issue(grant: LoginGrant): Promise<string>;
  redeem(code: string, state: string): Promise<LoginGrant['session']>;
}

const UNKNOWN = 'this login code is unknown, already used or expired; run the login again';
const CROSSED = 'this login code belongs to another login; run the login again';

function newCode(): string {
  return randomBytes(32).toString('base64url');
}

/** Stored under its hash: whoever reads the store cannot redeem what they read. */
function keyOf(code: string): string {
  return createHash('sha256').update(code).digest('base64url');
}

function checked(grant: LoginGrant | undefined, state: string): LoginGrant['session'] {
  if (!grant) throw new UnauthenticatedError(UNKNOWN);
  if (grant.state !== state) throw new UnauthenticatedError(CROSSED);
  return grant.session;
}

export class MemoryLoginCodes implements LoginCodes {
  private readonly grants = new Map<string, { grant: LoginGrant; expires: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async issue(grant: LoginGrant): Promise<string> {
    // Expired codes go as new ones come, so the map never outgrows a minute of logins.
    for (const [key, entry] of this.grants) if (entry.expires <= this.now()) this.grants.delete(key);
    const code = newCode();
    this.grants.set(keyOf(code), { grant, expires: this.now() + LOGIN_CODE_TTL_SECONDS * 1000 });
    return code;
  }

  async redeem(code: string, state: string): Promise<LoginGrant['session']> {
    const key = keyOf(code);
    const entry = this.grants.get(key);
    this.grants.delete(key);
    return checked(entry && entry.expires > this.now() ? entry.grant : undefined, state);
  }
}

export class RedisLoginCodes implements LoginCodes {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  async issue(grant: LoginGrant): Promise<string> {
    const code = newCode();
    await this.command(() =>
      this.redis.set(this.key(code), JSON.stringify(grant), 'EX', LOGIN_CODE_TTL_SECONDS),
    );
    return code;
  }

  async redeem(code: string, state: string): Promise<LoginGrant['session']> {
    // GETDEL: read and spent in one step, so two replicas can never both redeem it.
    const stored = await this.command(() => this.redis.getdel(this.key(code)));
    return checked(stored ? (JSON.parse(stored) as LoginGrant) : undefined, state);
  }

  private key(code: string): string {
    return `${this.keyPrefix}login-code:${keyOf(code)}`;
  }

  private async command<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch {
      throw new UnavailableError('the gateway cannot reach its shared state (Redis); try again');
    }
  }
}
