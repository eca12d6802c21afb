import type { Migration } from '../db';

/** Advisory lock key that serialises this database's migrations across replicas. */
export const USER_MIGRATIONS_LOCK = 70_70_0001;

export const userMigrations: Migration[] = [
  {
    version: '001_create_users_and_sessions',
    sql: `
      CREATE TABLE users (
        username text PRIMARY KEY,
        email text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE sessions (
        token_hash text PRIMARY KEY,
        username text NOT NULL REFERENCES users (username) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX sessions_username ON sessions (username);
      CREATE INDEX sessions_expires_at ON sessions (expires_at);
    `,
  },
  {
    version: '002_create_feed_tokens',
    sql: `
      -- One feed token per user, kept as its SHA-256 only (like sessions).
      CREATE TABLE feed_tokens (
        username text PRIMARY KEY REFERENCES users (username) ON DELETE CASCADE,
        token_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
];
