import type { Queryable } from '../db';
import type { EventBus } from '../events';
import { LINK_RECHECK_SUBJECT, type LinkRecheckEvent, type LinkStatus } from '../object-model';

/**
 * Deletes outbox rows the relay sent before `sentBefore`, in batches so that no statement
 * holds many row locks while the service writes. Unsent rows are never touched: the relay
 * still needs them. Returns how many rows went.
 */
export async function pruneSentOutbox(db: Queryable, sentBefore: Date, batchSize = 1000): Promise<number> {
  let pruned = 0;
  for (;;) {
    const { rowCount } = await db.query(
      `DELETE FROM outbox WHERE position IN (
         SELECT position FROM outbox
         WHERE sent_at IS NOT NULL AND sent_at < $1
         ORDER BY position LIMIT $2)`,
      [sentBefore.toISOString(), batchSize],
    );
    pruned += rowCount;
    if (rowCount < batchSize) return pruned;
  }
}

interface DueLinkRow {
  id: string | number;
  username: string;
  url: string;
  status: LinkStatus;
  updated_at: Date | string;
}

export interface RecheckOptions {
  /** Links whose last verdict (or last change) is older than this are checked again. */
  checkedBefore: Date;
  /** At most this many links per run, oldest first; the next run takes the rest. */
  limit: number;
  now?: () => Date;
}

/**
 * Publishes a re-check request for each link not checked since `checkedBefore`, oldest
 * first. Every verdict sets the link's `updated_at`, so that column is when it was last
 * checked (or edited, which only delays its re-check). A request changes nothing in the
 * database, so it needs no outbox: it goes straight to JetStream with a message id made
 * of the link and its last verdict's time, so a retried run publishes nothing twice and a
 * run that fails half way is finished by the next one. Returns how many it requested.
 */
export async function requestLinkRechecks(
  db: Queryable,
  bus: EventBus,
  options: RecheckOptions,
): Promise<number> {
  const now = options.now ?? (() => new Date());
  const { rows } = await db.query<DueLinkRow>(
    `SELECT id, username, url, status, updated_at FROM links
     WHERE updated_at < $1 ORDER BY updated_at, id LIMIT $2`,
    [options.checkedBefore.toISOString(), options.limit],
  );
  for (const row of rows) {
    const event: LinkRecheckEvent = {
      id: `recheck-${row.id}-${new Date(row.updated_at).getTime()}`,
      author: row.username,
      link: { url: row.url, status: row.status },
      requestedAt: now().toISOString(),
    };
    await bus.publish(LINK_RECHECK_SUBJECT, event, { msgId: event.id });
  }
  return rows.length;
}
