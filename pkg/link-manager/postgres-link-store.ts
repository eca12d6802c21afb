import type { Db, Queryable } from '../db';
import {
  AlreadyExistsError,
  LINK_EVENT_SUBJECTS,
  LimitExceededError,
  NotFoundError,
  type Link,
  type LinkEvent,
  type LinkStatus,
  type TagCount,
} from '../object-model';
import { RANK_SCALE, matchQuery, rankQuery, searchDocument } from './link-search';
import type {
  ImportPlan,
  ImportPlanner,
  LinkChange,
  LinkStore,
  LinkVerdict,
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
  check_reason: string | null;
  checked_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
  rank?: string | number;
}

const COLUMNS =
  'id, url, title, description, tags, status, private, check_reason, checked_at, created_at, updated_at';

function toLink(row: LinkRow): StoredLink {
  const link: StoredLink = {
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
  if (row.check_reason !== null) link.checkReason = row.check_reason;
  if (row.checked_at !== null) link.checkedAt = new Date(row.checked_at).toISOString();
  if (row.rank !== undefined) link.rank = Number(row.rank);
  return link;
}

function publicLink({ id: _id, rank: _rank, ...link }: StoredLink): Link {
  return link;
}

/** Rows written before the search migration get their search document in batches of this size. */
const BACKFILL_BATCH = 500;

/** Links in Postgres (or PGlite: same SQL). */
export class PostgresLinkStore implements LinkStore {
  constructor(private readonly db: Db) {}

  async list(query: ListLinksQuery): Promise<StoredLink[]> {
    if (query.search) return this.search({ ...query, search: query.search });
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
    if (query.publicOnly) where += ' AND NOT private';
    const { rows } = await this.db.query<LinkRow>(
      `SELECT ${COLUMNS} FROM links WHERE ${where} ORDER BY id DESC LIMIT $2`,
      params,
    );
    return rows.map(toLink);
  }

  /** Full-text search over the generated `search_vector` (GIN-indexed), best rank first, then newest. */
  private async search(query: ListLinksQuery & { search: NonNullable<ListLinksQuery['search']> }) {
    const params: unknown[] = [query.username, query.limit];
    const param = (value: unknown) => `$${params.push(value)}`;
    const ranking = rankQuery(query.search);
    const rank = ranking
      ? `(ts_rank(search_vector, ${param(ranking)}::tsquery) * ${RANK_SCALE})::bigint`
      : '0';
    let where = 'username = $1';
    const matching = matchQuery(query.search);
    if (matching) where += ` AND search_vector @@ ${param(matching)}::tsquery`;
    const tags = [...query.search.tags, ...(query.tag === undefined ? [] : [query.tag])];
    if (tags.length > 0) where += ` AND tags @> ${param(tags)}::text[]`;
    if (query.publicOnly) where += ' AND NOT private';
    let after = '';
    if (query.beforeId !== undefined) {
      const [beforeRank, beforeId] = [param(query.beforeRank ?? 0), param(query.beforeId)];
      after = `WHERE rank < ${beforeRank} OR (rank = ${beforeRank} AND id < ${beforeId})`;
    }
    const { rows } = await this.db.query<LinkRow>(
      `SELECT * FROM (SELECT ${COLUMNS}, ${rank} AS rank FROM links WHERE ${where}) ranked
       ${after} ORDER BY rank DESC, id DESC LIMIT $2`,
      params,
    );
    return rows.map(toLink);
  }

  /**
   * Writes the search document of links stored before search existed (migration 003 adds
   * the column empty: the folding is the application's). Idempotent; run at start-up.
   */
  async backfillSearchDocuments(): Promise<number> {
    let total = 0;
    // Walks by id, so a link whose document comes out empty is passed, not read again forever.
    for (let afterId = '0'; ;) {
      const { rows } = await this.db.query<LinkRow>(
        `SELECT ${COLUMNS} FROM links WHERE search_document = '' AND id > $2 ORDER BY id LIMIT $1`,
        [BACKFILL_BATCH, afterId],
      );
      for (const row of rows) {
        await this.db.query('UPDATE links SET search_document = $2 WHERE id = $1', [
          row.id,
          searchDocument(toLink(row)),
        ]);
      }
      total += rows.length;
      if (rows.length < BACKFILL_BATCH) return total;
      afterId = String(rows[rows.length - 1].id);
    }
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
      return applyChange(tx, username, current.rows[0], change);
    });
  }

  updateTagged(username: string, tag: string, change: LinkChange): Promise<number> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<LinkRow>(
        `SELECT ${COLUMNS} FROM links WHERE username = $1 AND tags @> $2::text[] ORDER BY id FOR UPDATE`,
        [username, [tag]],
      );
      for (const row of rows) await applyChange(tx, username, row, change);
      return rows.length;
    });
  }

  async tagCounts(username: string): Promise<TagCount[]> {
    const { rows } = await this.db.query<{ tag: string; count: string | number }>(
      `SELECT tag, count(*) AS count FROM links, unnest(tags) AS tag WHERE username = $1
       GROUP BY tag ORDER BY count DESC, tag COLLATE "C"`,
      [username],
    );
    return rows.map((row) => ({ tag: row.tag, count: Number(row.count) }));
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

  async setStatus(username: string, url: string, verdict: LinkVerdict, at: string): Promise<boolean> {
    const { rows } = await this.db.query(
      `UPDATE links SET status = $3, check_reason = $4, checked_at = $5, updated_at = $6
       WHERE username = $1 AND url = $2 RETURNING id`,
      [username, url, verdict.status, verdict.reason, verdict.checkedAt, at],
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

/** Writes one changed link and its event. */
async function applyChange(tx: Queryable, username: string, row: LinkRow, change: LinkChange): Promise<Link> {
  const { link, event } = change(publicLink(toLink(row)));
  const updated = await updateLink(tx, username, { ...link, url: row.url });
  await appendToOutbox(tx, event);
  return publicLink(toLink(updated));
}

async function insertLink(tx: Queryable, username: string, link: Link): Promise<LinkRow> {
  const { rows } = await tx.query<LinkRow>(
    `INSERT INTO links (username, url, title, description, tags, status, private, created_at, updated_at, search_document)
     VALUES ($1, $2, $3, $4, $5::text[], $6, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
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
      searchDocument(link),
    ],
  );
  return rows[0];
}

/** A user's change to a link: its title, description, tags and privacy (its status is the checker's). */
async function updateLink(tx: Queryable, username: string, link: Link): Promise<LinkRow> {
  const { rows } = await tx.query<LinkRow>(
    `UPDATE links SET title = $3, description = $4, tags = $5::text[], private = $6, updated_at = $7,
       search_document = $8
     WHERE username = $1 AND url = $2 RETURNING ${COLUMNS}`,
    [
      username,
      link.url,
      link.title,
      link.description,
      link.tags,
      link.private,
      link.updatedAt,
      searchDocument(link),
    ],
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
      private: link.private,
      created_at: link.createdAt,
      updated_at: link.updatedAt,
      search_document: searchDocument(link),
    })),
  );

/** Many links in one statement, given ids in the order of `links` (WITH ORDINALITY). */
async function insertLinks(tx: Queryable, username: string, links: Link[]): Promise<void> {
  await tx.query(
    `INSERT INTO links (username, url, title, description, tags, status, private, created_at, updated_at, search_document)
     SELECT $1, r.url, r.title, r.description, r.tags, r.status, r.private, r.created_at, r.updated_at, r.search_document
     FROM ROWS FROM (jsonb_to_recordset($2::jsonb) AS (url text, title text, description text, tags text[],
       status text, private boolean, created_at timestamptz, updated_at timestamptz, search_document text))
       WITH ORDINALITY AS r(url, title, description, tags, status, private, created_at, updated_at, search_document, n)
     ORDER BY r.n`,
    [username, rowsOf(links)],
  );
}

async function updateLinks(tx: Queryable, username: string, links: Link[]): Promise<void> {
  await tx.query(
    `UPDATE links l SET title = r.title, description = r.description, tags = r.tags, private = r.private,
       updated_at = r.updated_at, search_document = r.search_document
     FROM jsonb_to_recordset($2::jsonb) AS r(url text, title text, description text, tags text[], private boolean,
       updated_at timestamptz, search_document text)
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
