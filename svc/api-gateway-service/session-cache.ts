import { createHash } from 'node:crypto';
import { decodeJwt } from 'jose';
import type { ResolvedSession, User, UserManager } from '../../pkg/object-model';

/** Where sessions are resolved: the user service's client also returns its proof of the user. */
export type SessionSource = Pick<UserManager, 'resolveSession'> & {
  resolveSessionWithProof?(session: string): Promise<ResolvedSession>;
};

/** A cached proof is handed out until this long before it expires, so it is still good when a service checks it. */
const PROOF_MARGIN_MS = 15_000;

/**
 * How replicas tell each other that a session ended: `publish` reaches every replica's
 * `subscribe`d handler, this one's included; `onGap` fires when notices may have been lost.
 */
export interface LogoutNotices {
  /** Notices are arriving now; while not, cached answers are not trusted. */
  readonly live: boolean;
  publish(sessionKey: string): Promise<void>;
  subscribe(handler: (sessionKey: string) => void, onGap: () => void): void;
}

/**
 * Resolves bearer sessions through the user service, remembering each answer for a few
 * seconds so a burst of calls costs one lookup. Entries are keyed by a hash of the token,
 * so neither this map nor the logout notices hold a usable session.
 *
 * A logout through any replica must stop the session on all of them within 1 s. Shrinking
 * the cache to under a second would give that, but at the price of one user-service call a
 * second per active user on every replica; instead the replica that logs out publishes a
 * notice over Redis pub/sub (`notices`), which every replica receives within milliseconds
 * and evicts the entry. While the subscription is down, notices may be lost, so the cache
 * is bypassed (every call asks the user service) and emptied when it is back. Without
 * Redis (one replica) the local eviction is all there is to do.
 *
 * With the user, the user service gives a short-lived proof of that user which the gateway
 * forwards on the calls it makes for them; an entry is kept only until shortly before its
 * proof expires.
 */
export class SessionCache {
  private readonly entries = new Map<string, { resolved: ResolvedSession; until: number }>();

  constructor(
    private readonly users: SessionSource,
    private readonly ttlMs: number,
    private readonly notices?: LogoutNotices,
    private readonly maxEntries = 10_000,
  ) {
    notices?.subscribe(
      (key) => this.entries.delete(key),
      () => this.entries.clear(),
    );
  }

  async resolve(session: string): Promise<User> {
    return (await this.resolveWithProof(session)).user;
  }

  /** The session's user and, when the user service gives one, its proof of that user. */
  async resolveWithProof(session: string): Promise<ResolvedSession> {
    const key = sessionKey(session);
    const now = Date.now();
    const trusted = this.ttlMs > 0 && (this.notices?.live ?? true);
    const cached = trusted ? this.entries.get(key) : undefined;
    if (cached && cached.until > now) return cached.resolved;
    const resolved = this.users.resolveSessionWithProof
      ? await this.users.resolveSessionWithProof(session)
      : { user: await this.users.resolveSession(session) };
    if (trusted) {
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(key, { resolved, until: Math.min(now + this.ttlMs, proofGoodUntil(resolved.proof)) });
    }
    return resolved;
  }

  /** Forgets a session here and, through the notices, on every other replica: call it once the session has ended. */
  async evict(session: string): Promise<void> {
    const key = sessionKey(session);
    this.entries.delete(key);
    await this.notices?.publish(key);
  }
}

function proofGoodUntil(proof: string | undefined): number {
  if (!proof) return Infinity;
  const { exp } = decodeJwt(proof);
  return exp === undefined ? 0 : exp * 1000 - PROOF_MARGIN_MS;
}

function sessionKey(session: string): string {
  return createHash('sha256').update(session).digest('base64url');
}
