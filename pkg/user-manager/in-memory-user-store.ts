import type { User } from '../object-model';
import type { RegisterOutcome, UserStore } from './user-store';

/** Users and sessions in process memory, for unit tests. */
export class InMemoryUserStore implements UserStore {
  private readonly users = new Map<string, User>();
  private readonly sessions = new Map<string, { username: string; expiresAt: Date }>();
  private readonly feedTokens = new Map<string, string>();

  async register(user: User): Promise<RegisterOutcome> {
    const existing = this.users.get(user.username);
    if (existing)
      return existing.email === user.email
        ? { created: false, user: { ...existing } }
        : { conflict: 'username' };
    if ([...this.users.values()].some((other) => other.email === user.email)) return { conflict: 'email' };
    this.users.set(user.username, { ...user });
    return { created: true, user: { ...user } };
  }

  async getUser(username: string): Promise<User | undefined> {
    const user = this.users.get(username);
    return user && { ...user };
  }

  async createSession(username: string, tokenHash: string, expiresAt: Date): Promise<void> {
    this.sessions.set(tokenHash, { username, expiresAt });
  }

  async findSession(tokenHash: string, now: Date): Promise<User | undefined> {
    const session = this.sessions.get(tokenHash);
    if (!session || session.expiresAt <= now) return undefined;
    return this.getUser(session.username);
  }

  async deleteSession(username: string, tokenHash: string): Promise<boolean> {
    const session = this.sessions.get(tokenHash);
    if (!session || session.username !== username) return false;
    return this.sessions.delete(tokenHash);
  }

  async deleteExpiredSessions(username: string, now: Date): Promise<void> {
    for (const [hash, session] of this.sessions) {
      if (session.username === username && session.expiresAt <= now) this.sessions.delete(hash);
    }
  }

  async setFeedToken(username: string, tokenHash: string): Promise<void> {
    this.feedTokens.set(username, tokenHash);
  }

  async deleteFeedToken(username: string): Promise<void> {
    this.feedTokens.delete(username);
  }

  async feedTokenHash(username: string): Promise<string | undefined> {
    return this.feedTokens.get(username);
  }

  async ping(): Promise<void> {}
}
