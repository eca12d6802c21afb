import type { Db } from '../db';
import type { SocialGraphStore } from './social-graph-store';

/** The social graph in Postgres (or PGlite: same SQL). */
export class PostgresSocialGraphStore implements SocialGraphStore {
  constructor(private readonly db: Db) {}

  async follow(follower: string, followed: string): Promise<void> {
    await this.db.query('INSERT INTO follows (follower, followed) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      follower,
      followed,
    ]);
  }

  async unfollow(follower: string, followed: string): Promise<boolean> {
    const { rows } = await this.db.query(
      'DELETE FROM follows WHERE follower = $1 AND followed = $2 RETURNING follower',
      [follower, followed],
    );
    return rows.length > 0;
  }

  async following(username: string): Promise<string[]> {
    return this.names('SELECT followed AS name FROM follows WHERE follower = $1 ORDER BY followed', username);
  }

  async followers(username: string): Promise<string[]> {
    return this.names('SELECT follower AS name FROM follows WHERE followed = $1 ORDER BY follower', username);
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }

  private async names(sql: string, username: string): Promise<string[]> {
    const { rows } = await this.db.query<{ name: string }>(sql, [username]);
    return rows.map((row) => row.name);
  }
}
