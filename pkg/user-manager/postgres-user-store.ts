import type { Db } from '../db';
import type { User } from '../object-model';
import type { RegisterOutcome, UserStore } from './user-store';

/** Users and sessions in Postgres (or PGlite: same SQL). */
export class PostgresUserStore implements UserStore {
  constructor(private readonly db: Db) {}

  async register(user: User): Promise<RegisterOutcome> {
    // The unique constraints decide races; the SELECT only explains the outcome.
    const inserted = await this.db.query(
      'INSERT INTO users (username, email) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING username',
      [user.username, user.email],
    );
    if (inserted.rowCount > 0) return { created: true, user };
    const { rows } = await this.db.query<User>(
      'SELECT username, email FROM users WHERE username = $1 OR email = $2',
      [user.username, user.email],
    );
    const sameName = rows.find((row) => row.username === user.username);
    if (sameName)
      return sameName.email === user.email ? { created: false, user: sameName } : { conflict: 'username' };
    return { conflict: 'email' };
  }

  async getUser(username: string): Promise<User | undefined> {
    const { rows } = await this.db.query<User>('SELECT username, email FROM users WHERE username = $1', [
      username,
    ]);
    return rows[0];
  }

  async createSession(username: string, tokenHash: string, expiresAt: Date): Promise<void> {
    await this.db.query('INSERT INTO sessions (token_hash, username, expires_at) VALUES ($1, $2, $3)', [
      tokenHash,
      username,
      expiresAt.toISOString(),
    ]);
  }

  async findSession(tokenHash: string, now: Date): Promise<User | undefined> {
    const { rows } = await this.db.query<User>(
      `SELECT u.username, u.email FROM sessions s JOIN users u ON u.username = s.username
       WHERE s.token_hash = $1 AND s.expires_at > $2`,
      [tokenHash, now.toISOString()],
    );
    return rows[0];
  }

  async deleteSession(username: string, tokenHash: string): Promise<boolean> {
    const { rows } = await this.db.query(
      'DELETE FROM sessions WHERE token_hash = $1 AND username = $2 RETURNING token_hash',
      [tokenHash, username],
    );
    return rows.length > 0;
  }

  async deleteExpiredSessions(username: string, now: Date): Promise<void> {
    await this.db.query('DELETE FROM sessions WHERE username = $1 AND expires_at <= $2', [
      username,
      now.toISOString(),
    ]);
  }

  async setFeedToken(username: string, tokenHash: string): Promise<void> {
    await this.db.query(
      `INSERT INTO feed_tokens (username, token_hash) VALUES ($1, $2)
       ON CONFLICT (username) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()`,
      [username, tokenHash],
    );
  }

  async deleteFeedToken(username: string): Promise<void> {
    await this.db.query('DELETE FROM feed_tokens WHERE username = $1', [username]);
  }

  async feedTokenHash(username: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ token_hash: string }>(
      'SELECT token_hash FROM feed_tokens WHERE username = $1',
      [username],
    );
    return rows[0]?.token_hash;
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }
}
