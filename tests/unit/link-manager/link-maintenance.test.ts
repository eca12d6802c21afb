import { randomUUID } from 'node:crypto';
import type { PGliteDb } from '../../../pkg/db';
import type { EventBus, PublishOptions } from '../../../pkg/events';
import {
  LINK_MIGRATIONS_LOCK,
  linkMigrations,
  pruneSentOutbox,
  requestLinkRechecks,
} from '../../../pkg/link-manager';
import { sharedPGlite } from '../../support/pglite';

// The two maintenance jobs' SQL and events on embedded PGlite (the jobs themselves, with
// their settings, against the real servers: tests/integration/link-jobs).

const emptyDb = sharedPGlite({ lock: LINK_MIGRATIONS_LOCK, migrations: linkMigrations }, ['links', 'outbox']);
let db: PGliteDb;
beforeEach(async () => {
  db = await emptyDb();
});

const NOW = new Date('2026-03-10T12:00:00.000Z');
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);

describe('pruneSentOutbox', () => {
  async function outboxRow(name: string, sentHoursAgo?: number) {
    await db.query(
      `INSERT INTO outbox (event_id, subject, payload, sent_at) VALUES ($1, 'links.added', $2::jsonb, $3)`,
      [
        randomUUID(),
        JSON.stringify({ name }),
        sentHoursAgo === undefined ? null : hoursAgo(sentHoursAgo).toISOString(),
      ],
    );
  }
  const remaining = async () =>
    (
      await db.query<{ name: string }>("SELECT payload->>'name' AS name FROM outbox ORDER BY position")
    ).rows.map((row) => row.name);

  it('deletes the rows sent before the time, keeping those sent at it or later, and unsent ones', async () => {
    await outboxRow('sent 25 hours ago', 25);
    await outboxRow('never sent');
    await outboxRow('sent 24 hours ago', 24);
    await outboxRow('sent 1 hour ago', 1);
    expect(await pruneSentOutbox(db, hoursAgo(24))).toBe(1);
    expect(await remaining()).toEqual(['never sent', 'sent 24 hours ago', 'sent 1 hour ago']);
  });

  it('deletes nothing, and says so, when nothing is old enough', async () => {
    await outboxRow('sent 1 hour ago', 1);
    expect(await pruneSentOutbox(db, hoursAgo(24))).toBe(0);
    expect(await remaining()).toEqual(['sent 1 hour ago']);
  });

  it.each([
    [6, 3],
    [7, 3],
    [2, 3],
  ])('deletes %i old rows in batches of %i, counting them all', async (count, batchSize) => {
    for (let i = 0; i < count; i++) await outboxRow(`old ${i}`, 48);
    await outboxRow('new', 1);
    const query = jest.spyOn(db, 'query');
    expect(await pruneSentOutbox(db, hoursAgo(24), batchSize)).toBe(count);
    // A batch that deletes fewer rows than it may is the last one.
    expect(query).toHaveBeenCalledTimes(Math.floor(count / batchSize) + 1);
    query.mockRestore();
    expect(await remaining()).toEqual(['new']);
  });
});

/** A bus that records what it is given. */
class RecordingBus implements EventBus {
  readonly published: Array<{ subject: string; data: unknown; options: PublishOptions }> = [];
  async publish(subject: string, data: unknown, options: PublishOptions) {
    this.published.push({ subject, data, options });
  }
  async consume(): Promise<never> {
    throw new Error('not used');
  }
  async ping() {}
  async close() {}
}

describe('requestLinkRechecks', () => {
  async function link(username: string, url: string, updatedHoursAgo: number, status = 'valid') {
    const at = hoursAgo(updatedHoursAgo).toISOString();
    await db.query(
      `INSERT INTO links (username, url, title, status, created_at, updated_at) VALUES ($1, $2, 't', $3, $4, $4)`,
      [username, url, status, at],
    );
  }

  it('requests a check of each link last checked before the time, oldest first, with an id made of the link and that time', async () => {
    await link('ann', 'https://new.example/', 1);
    await link('ann', 'https://old.example/', 48, 'invalid');
    await link('bob', 'https://older.example/', 72);
    await link('bob', 'https://edge.example/', 24);
    const bus = new RecordingBus();
    const requested = await requestLinkRechecks(db, bus, {
      checkedBefore: hoursAgo(24),
      limit: 10,
      now: () => NOW,
    });
    expect(requested).toBe(2);
    const older = `recheck-3-${hoursAgo(72).getTime()}`;
    const old = `recheck-2-${hoursAgo(48).getTime()}`;
    expect(bus.published).toEqual([
      {
        subject: 'links.recheck',
        data: {
          id: older,
          author: 'bob',
          link: { url: 'https://older.example/', status: 'valid' },
          requestedAt: NOW.toISOString(),
        },
        options: { msgId: older },
      },
      {
        subject: 'links.recheck',
        data: {
          id: old,
          author: 'ann',
          link: { url: 'https://old.example/', status: 'invalid' },
          requestedAt: NOW.toISOString(),
        },
        options: { msgId: old },
      },
    ]);
  });

  it('requests at most `limit` links, the oldest; links of one time by id', async () => {
    await link('ann', 'https://b.example/', 48);
    await link('ann', 'https://a.example/', 48);
    await link('ann', 'https://oldest.example/', 72);
    const bus = new RecordingBus();
    const options = { checkedBefore: hoursAgo(24), limit: 2, now: () => NOW };
    expect(await requestLinkRechecks(db, bus, options)).toBe(2);
    expect(bus.published.map((p) => (p.data as { link: { url: string } }).link.url)).toEqual([
      'https://oldest.example/',
      'https://b.example/',
    ]);
  });

  it('stamps a request with the time it is made when no clock is given', async () => {
    await link('ann', 'https://a.example/', 48);
    const bus = new RecordingBus();
    const before = Date.now();
    await requestLinkRechecks(db, bus, { checkedBefore: hoursAgo(24), limit: 10 });
    const { requestedAt } = bus.published[0].data as { requestedAt: string };
    expect(Date.parse(requestedAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(requestedAt)).toBeLessThanOrEqual(Date.now());
  });
});
