import type { User, UserManager } from '../../pkg/object-model';

/**
 * Resolves bearer sessions through the user service, remembering each answer for a few
 * seconds so a burst of calls costs one lookup. Logout through this gateway evicts the
 * session at once.
 */
export class SessionCache {
  private readonly entries = new Map<string, { user: User; until: number }>();

  constructor(
    private readonly users: UserManager,
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  async resolve(session: string): Promise<User> {
    const now = Date.now();
    const cached = this.entries.get(session);
    if (cached && cached.until > now) return cached.user;
    const user = await this.users.resolveSession(session);
    if (this.ttlMs > 0) {
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(session, { user, until: now + this.ttlMs });
    }
    return user;
  }

  evict(session: string): void {
    this.entries.delete(session);
  }
}
