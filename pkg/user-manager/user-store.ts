import type { User } from '../object-model';

/** What a register attempt found: the user was created, or already there with the same email. */
export type RegisterOutcome = { created: boolean; user: User } | { conflict: 'username' | 'email' };

/**
 * Users and their sessions. Sessions are stored by the SHA-256 of their token only.
 * Implementations: PostgresUserStore and InMemoryUserStore, held to one contract suite.
 */
export interface UserStore {
  register(user: User): Promise<RegisterOutcome>;
  getUser(username: string): Promise<User | undefined>;
  createSession(username: string, tokenHash: string, expiresAt: Date): Promise<void>;
  /** The user of a session that has not expired at `now`. */
  findSession(tokenHash: string, now: Date): Promise<User | undefined>;
  /** Deletes that one session if it belongs to `username`; false when there is none. */
  deleteSession(username: string, tokenHash: string): Promise<boolean>;
  deleteExpiredSessions(username: string, now: Date): Promise<void>;
  /** Sets the user's one feed token digest, replacing any other. */
  setFeedToken(username: string, tokenHash: string): Promise<void>;
  deleteFeedToken(username: string): Promise<void>;
  feedTokenHash(username: string): Promise<string | undefined>;
  ping(): Promise<void>;
}
