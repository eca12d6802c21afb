import type { Db, Queryable } from '../db';
import {
  AlreadyExistsError,
  LINK_EVENT_SUBJECTS,
  LimitExceededError,
  NotFoundError,
  type Link,
  type LinkEvent,
  type LinkStatus,
} from '../object-model';
import type {
  ImportPlan,
  ImportPlanner,
  LinkChange,
  LinkStore,
  ListLinksQuery,
  OutboxEntry,
  OutgoingEvent,
  StoredLink,
} from './link-store';
import { withTraceContext } from './outbox-trace-context';

interface LinkRow {
  id: string | number;
  url: string;
  title: string;
  description: string;
  tags: string[];
  status: LinkStatus;
  private: boolean;
  created_at: Date | string;
  updated_at: Date | string;
}

const COLUMNS = 'id, url, title, description, tags, status, private, created_at, updated_at';

function toLink(row: LinkRow): StoredLink {
  return {
    id: String(row.id),
    url: row.url,
    title: row.title,
    description: row.description,
    tags: row.tags,
    status: row.status,
    private: row.private,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

function publicLink({ id: _id, ...link }: StoredLink): Link {
  return link;
}

/** Links in Postgres (or PGlite: same SQL). */
export class PostgresLinkStore implements LinkStore {
  constructor(private readonly db: Db) {}

  async list(query: ListLinksQuery): Promise<StoredLink[]> {
    const params: unknown[] = [query.username, query.limit];
    let where = 'username = $1';
    if (query.beforeId !== undefined) {
      params.push(query.beforeId);
      where += ` AND id < $${params.length}`;
    }
    if (query.tag !== undefined) {
      params.push([query.tag]);
      where += ` AND tags @> $${params.length}::text[]`;
    }
    const { rows } = await this.db.query<LinkRow>(
      `SELECT ${COLUMNS} FROM links WHERE ${where} ORDER BY id DESC LIMIT $2`,
      params,
    );
    return rows.map(toLink);
  }

  insert(username: string, link: Link, event: LinkEvent | undefined, maxLinks: number): Promise<Link> {
    return this.db.transaction(async (tx) => {
      // Serialise one user's inserts so two concurrent adds cannot pass the limit together.
      await tx.query('SELECT pg_advisory_xact_lock(8080, hashtext($1))', [username]);
      const existing = await tx.query('SELECT 1 FROM links WHERE username = $1 AND url = $2', [
        username,
        link.url,
      ]);
      if (existing.rowCount > 0) throw new AlreadyExistsError(`link ${link.url} already exists`);
      const { rows } = await tx.query<{ count: string | number }>(
        'SELECT count(*) AS count FROM links WHERE username = $1',
        [username],
      );
      if (Number(rows[0].count) >= maxLinks)
        throw new LimitExceededError(`a user has at most ${maxLinks} links`);
      const inserted = await insertLink(tx, username, link);
      await appendToOutbox(tx, event);
      return publicLink(toLink(inserted));
    });
  }

  update(username: string, url: string, change: LinkChange): Promise<Link> {
    return this.db.transaction(async (tx) => {
      const current = await tx.query<LinkRow>(
        `SELECT ${COLUMNS} FROM links WHERE username = $1 AND url = $2 FOR UPDATE`,
        [username, url],
      );
      if (current.rowCount === 0) throw new NotFoundError(`link ${url} not found`);
      const { link, event } = change(publicLink(toLink(current.rows[0])));
      const updated = await updateLink(tx, username, { ...link, url });
      await appendToOutbox(tx, event);
      return publicLink(toLink(updated));
    });
  }

  delete(username: string, url: string, eventOf: (deleted: Link) => LinkEvent | undefined): Promise<void> {
    return this.db.transaction(async (tx) => {
      const deleted = await tx.query<LinkRow>(
        `DELETE FROM links WHERE username = $1 AND url = $2 RETURNING ${COLUMNS}`,
        [username, url],
      );
      if (deleted.rowCount === 0) throw new NotFoundError(`link ${url} not found`);
      await appendToOutbox(tx, eventOf(publicLink(toLink(deleted.rows[0]))));
    });
  }

  importLinks(username: string, plan: ImportPlanner): Promise<ImportPlan> {
    return this.db.transaction(async (tx) => {
      // The same lock as insert: an add during the import cannot pass the limit beside it.
      await tx.query('SELECT pg_advisory_xact_lock(8080, hashtext($1))', [username]);
      const { rows } = await tx.query<LinkRow>(
        `SELECT ${COLUMNS} FROM links WHERE username = $1 ORDER BY id`,
        [username],
      );
      const planned = plan(rows.map((row) => publicLink(toLink(row))));
      // Three statements whatever the size: each reads its rows from one JSON parameter.
      if (planned.add.length > 0) await insertLinks(tx, username, planned.add);
      if (planned.update.length > 0) await updateLinks(tx, username, planned.update);
      if (planned.events.length > 0) await appendAllToOutbox(tx, planned.events);
      return planned;
    });
  }

  async setStatus(username: string, url: string, status: LinkStatus, at: string): Promise<boolean> {
    const { rows } = await this.db.query(
      'UPDATE links SET status = $3, updated_at = $4 WHERE username = $1 AND url = $2 RETURNING id',
      [username, url, status, at],
    );
    return rows.length > 0;
  }

  async pendingEvents(limit: number): Promise<OutboxEntry[]> {
    const { rows } = await this.db.query<{
      position: string | number;
      subject: string;
      payload: LinkEvent | string;
    }>('SELECT position, subject, payload FROM outbox WHERE sent_at IS NULL ORDER BY position LIMIT $1', [
      limit,
    ]);
    return rows.map((row) => ({
      position: String(row.position),
      subject: row.subject,
      event: typeof row.payload === 'string' ? (JSON.parse(row.payload) as LinkEvent) : row.payload,
    }));
  }

  async markEventsSent(positions: string[]): Promise<void> {
    if (positions.length === 0) return;
    await this.db.query('UPDATE outbox SET sent_at = now() WHERE position = ANY($1::bigint[])', [positions]);
  }

  async pendingEventCount(): Promise<number> {
    const { rows } = await this.db.query<{ count: string | number }>(
      'SELECT count(*) AS count FROM outbox WHERE sent_at IS NULL',
    );
    return Number(rows[0].count);
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }
}

async function insertLink(tx: Queryable, username: string, link: Link): Promise<LinkRow> {
  const { rows } = await tx.query<LinkRow>(
    `INSERT INTO links (username, url, title, description, tags, status, private, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5::text[], $6, $7, $8, $9) RETURNING ${COLUMNS}`,
    [
      username,
      link.url,
      link.title,
      link.description,
      link.tags,
      link.status,
      link.private,
      link.createdAt,
      link.updatedAt,
    ],
  );
  return rows[0];
}

/** A user's change to a link: its title, description, tags and privacy (its status is the checker's). */
async function updateLink(tx: Queryable, username: string, link: Link): Promise<LinkRow> {
  const { rows } = await tx.query<LinkRow>(
    `UPDATE links SET title = $3, description = $4, tags = $5::text[], private = $6, updated_at = $7
     WHERE username = $1 AND url = $2 RETURNING ${COLUMNS}`,
    [username, link.url, link.title, link.description, link.tags, link.private, link.updatedAt],
  );
  return rows[0];
}

const rowsOf = (links: Link[]) =>
  JSON.stringify(
    links.map((link) => ({
      url: link.url,
      title: link.title,
      description: link.description,
      tags: link.tags,
      status: link.status,
      created_at: link.createdAt,
      updated_at: link.updatedAt,
    })),
  );

/** Many links in one statement, given ids in the order of `links` (WITH ORDINALITY). */
async function insertLinks(tx: Queryable, username: string, links: Link[]): Promise<void> {
  await tx.query(
    `INSERT INTO links (username, url, title, description, tags, status, created_at, updated_at)
     SELECT $1, r.url, r.title, r.description, r.tags, r.status, r.created_at, r.updated_at
     FROM ROWS FROM (jsonb_to_recordset($2::jsonb) AS (url text, title text, description text, tags text[],
       status text, created_at timestamptz, updated_at timestamptz))
       WITH ORDINALITY AS r(url, title, description, tags, status, created_at, updated_at, n)
     ORDER BY r.n`,
    [username, rowsOf(links)],
  );
}

async function updateLinks(tx: Queryable, username: string, links: Link[]): Promise<void> {
  await tx.query(
    `UPDATE links l SET title = r.title, description = r.description, tags = r.tags, updated_at = r.updated_at
     FROM jsonb_to_recordset($2::jsonb) AS r(url text, title text, description text, tags text[], updated_at timestamptz)
     WHERE l.username = $1 AND l.url = r.url`,
    [username, rowsOf(links)],
  );
}

/** Many events in one statement, in order: the relay publishes them by position. */
async function appendAllToOutbox(tx: Queryable, events: OutgoingEvent[]): Promise<void> {
  const rows = events.map(({ subject, event }) => ({ event_id: event.id, subject, payload: event }));
  await tx.query(
    `INSERT INTO outbox (event_id, subject, payload)
     SELECT r.event_id, r.subject, r.payload
     FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (event_id uuid, subject text, payload jsonb))
       WITH ORDINALITY AS r(event_id, subject, payload, n)
     ORDER BY r.n`,
    [JSON.stringify(rows)],
  );
}

async function appendToOutbox(tx: Queryable, event: LinkEvent | undefined, subject?: string): Promise<void> {
  if (!event) return;
  await tx.query('INSERT INTO outbox (event_id, subject, payload) VALUES ($1, $2, $3::jsonb)', [
    event.id,
    subject ?? LINK_EVENT_SUBJECTS[event.type],
    JSON.stringify(withTraceContext(event)),
  ]);
}
