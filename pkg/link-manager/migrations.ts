import type { Migration } from '../db';

/** Advisory lock key that serialises this database's migrations across replicas. */
export const LINK_MIGRATIONS_LOCK = 80_80_0001;

export const linkMigrations: Migration[] = [
  {
    version: '001_create_links_and_outbox',
    sql: `
      CREATE TABLE links (
        id bigserial PRIMARY KEY,
        username text NOT NULL,
        url text NOT NULL,
        title text NOT NULL,
        description text NOT NULL DEFAULT '',
        tags text[] NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'valid', 'invalid')),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        UNIQUE (username, url)
      );
      -- Keyset pagination walks a user's links newest first.
      CREATE INDEX links_username_id ON links (username, id DESC);
      CREATE INDEX links_tags ON links USING gin (tags);

      -- Transactional outbox: written with each change, relayed to NATS JetStream.
      CREATE TABLE outbox (
        position bigserial PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        subject text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      );
      CREATE INDEX outbox_unsent ON outbox (position) WHERE sent_at IS NULL;
    `,
  },
  {
    // Existing links stay public, as every link was before.
    version: '002_private_links',
    sql: `ALTER TABLE links ADD COLUMN private boolean NOT NULL DEFAULT false;`,
  },
  {
    // Search and the link checker's reasons. Words are folded (case, accents) by the
    // application into search_document, a tsvector literal (see link-search.ts): PGlite has
    // no unaccent, and folding in one place gives PGlite and Postgres the same results.
    // Rows written before this get their document at the link service's next start.
    version: '003_search_and_check_reasons',
    sql: `
      ALTER TABLE links
        ADD COLUMN check_reason text,
        ADD COLUMN checked_at timestamptz,
        ADD COLUMN search_document text NOT NULL DEFAULT '',
        ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (search_document::tsvector) STORED;
      CREATE INDEX links_search ON links USING gin (search_vector);
    `,
  },
];
