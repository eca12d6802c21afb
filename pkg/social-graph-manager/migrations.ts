import type { Migration } from '../db';

/** Advisory lock key that serialises this database's migrations across replicas. */
export const SOCIAL_GRAPH_MIGRATIONS_LOCK = 90_90_0001;

export const socialGraphMigrations: Migration[] = [
  {
    version: '001_create_follows',
    sql: `
      CREATE TABLE follows (
        follower text NOT NULL,
        followed text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (follower, followed),
        CHECK (follower <> followed)
      );
      -- The primary key serves "who do I follow"; this serves "who follows me".
      CREATE INDEX follows_followed_follower ON follows (followed, follower);
    `,
  },
];
