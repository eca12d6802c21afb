import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LINK_JOBS, runLinkJob } from '../../../cmd/link-jobs/jobs';
import { PgDb, migrate } from '../../../pkg/db';
import { LINK_MIGRATIONS_LOCK, linkMigrations, pruneSentOutbox } from '../../../pkg/link-manager';
import { loadLinkCheckerConfig } from '../../../svc/link-checker/config';
import { createLinkCheckerService } from '../../../svc/link-checker/server';
import { loadLinkServiceConfig } from '../../../svc/link-service/config';
import { createLinkService } from '../../../svc/link-service/server';
import { NATS_URL, privateJetStreamBus } from '../../support/nats';
import { createTestDatabase, type TestDatabase } from '../../support/postgres';
import { testLogger } from '../../support/silent-logger';

const DAY_MS = 24 * 60 * 60 * 1000;
const NOW = new Date();
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS).toISOString();

let database: TestDatabase;
let db: PgDb;
beforeAll(async () => {
  database = await createTestDatabase('link_jobs');
  db = new PgDb({ connectionString: database.url });
  await migrate(db, LINK_MIGRATIONS_LOCK, linkMigrations);
});
afterAll(async () => {
  await db.close();
  await database.drop();
});

describe('prune-outbox', () => {
  beforeEach(() => db.query('DELETE FROM outbox'));

  async function outboxRow(name: string, createdDaysAgo: number, sentDaysAgo?: number): Promise<void> {
    await db.query(
      `INSERT INTO outbox (event_id, subject, payload, created_at, sent_at)
       VALUES ($1, 'links.added', $2::jsonb, $3, $4)`,
      [
        randomUUID(),
        JSON.stringify({ name }),
        daysAgo(createdDaysAgo),
        sentDaysAgo === undefined ? null : daysAgo(sentDaysAgo),
      ],
    );
  }
  const remaining = async () =>
    (
      await db.query<{ name: string }>("SELECT payload->>'name' AS name FROM outbox ORDER BY position")
    ).rows.map((row) => row.name);

  it('deletes sent rows older than 7 days by default, and keeps newer and unsent ones', async () => {
    await outboxRow('sent 10 days ago', 10, 10);
    await outboxRow('sent 1 day ago', 1, 1);
    await outboxRow('never sent, 30 days old', 30);
    await outboxRow('sent 8 days ago', 9, 8);
    await outboxRow('created 9 days ago, sent 6 days ago', 9, 6);

    expect(await runLinkJob('prune-outbox', { DATABASE_URL: database.url }, NOW)).toEqual({
      job: 'prune-outbox',
      count: 2,
    });
    expect(await remaining()).toEqual([
      'sent 1 day ago',
      'never sent, 30 days old',
      'created 9 days ago, sent 6 days ago',
    ]);
  });

  it('takes the retention from OUTBOX_RETENTION_DAYS', async () => {
    await outboxRow('sent 2 days ago', 2, 2);
    await outboxRow('sent 12 hours ago', 1, 0.5);
    const env = { DATABASE_URL: database.url, OUTBOX_RETENTION_DAYS: '1' };
    expect((await runLinkJob('prune-outbox', env, NOW)).count).toBe(1);
    expect(await remaining()).toEqual(['sent 12 hours ago']);
  });

  it('deletes in batches until nothing old is left', async () => {
    for (let i = 0; i < 7; i++) await outboxRow(`old ${i}`, 20, 20);
    await outboxRow('new', 0, 0);
    expect(await pruneSentOutbox(db, new Date(daysAgo(7)), 3)).toBe(7);
    expect(await remaining()).toEqual(['new']);
  });

  it('refuses a bad retention with a line naming the setting, deleting nothing', async () => {
    await outboxRow('sent 10 days ago', 10, 10);
    await expect(
      runLinkJob('prune-outbox', { DATABASE_URL: database.url, OUTBOX_RETENTION_DAYS: '-1' }, NOW),
    ).rejects.toThrow(/OUTBOX_RETENTION_DAYS is "-1"/);
    expect(await remaining()).toEqual(['sent 10 days ago']);
  });
});

describe('recheck-links', () => {
  let site: Server;
  let siteUrl: string;
  /** Paths the site answers 404 for: a link that breaks after its first check. */
  const broken = new Set<string>();
  beforeAll(async () => {
    site = createServer((req, res) => {
      res.statusCode = broken.has(req.url ?? '') ? 404 : 200;
      res.end();
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    site.closeAllConnections();
    await new Promise((resolve) => site.close(resolve));
  });

  it('asks the link checker again about links not checked for 7 days, whose verdict then changes', async () => {
    const { bus, namespace, close } = privateJetStreamBus();
    const links = await createLinkService(
      loadLinkServiceConfig({ CALLER_AUTH_DISABLED: 'true', PORT: '0', DATABASE_URL: database.url }),
      testLogger(),
      { eventBus: bus },
    );
    const checker = await createLinkCheckerService(
      loadLinkCheckerConfig({ PORT: '0', ALLOW_PRIVATE_ADDRESSES: 'true', PER_HOST_INTERVAL_MS: '0' }),
      testLogger(),
      { eventBus: bus },
    );
    try {
      const base = await links.app.listen({ port: 0, host: '127.0.0.1' });
      for (const path of ['/breaks-later', '/checked-recently'])
        expect(
          (
            await fetch(`${base}/links`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ username: 'rechecked', url: `${siteUrl}${path}`, title: path }),
            })
          ).status,
        ).toBe(201);
      const statuses = async () => {
        const { rows } = await db.query<{ url: string; status: string }>(
          "SELECT url, status FROM links WHERE username = 'rechecked' ORDER BY url",
        );
        return Object.fromEntries(rows.map((row) => [row.url.slice(siteUrl.length), row.status]));
      };
      const until = async (wanted: Record<string, string>) => {
        for (let i = 0; i < 500 && JSON.stringify(await statuses()) !== JSON.stringify(wanted); i++)
          await new Promise((resolve) => setTimeout(resolve, 50));
        expect(await statuses()).toEqual(wanted);
      };
      await until({ '/breaks-later': 'valid', '/checked-recently': 'valid' });

      // The first link's last verdict is 8 days old, the second's 2; the first page is gone now.
      broken.add('/breaks-later');
      broken.add('/checked-recently');
      await db.query('UPDATE links SET updated_at = $2 WHERE url = $1', [
        `${siteUrl}/breaks-later`,
        daysAgo(8),
      ]);
      await db.query('UPDATE links SET updated_at = $2 WHERE url = $1', [
        `${siteUrl}/checked-recently`,
        daysAgo(2),
      ]);
      const env = { DATABASE_URL: database.url, NATS_URL, NATS_NAMESPACE: namespace };
      expect(await runLinkJob('recheck-links', env, NOW)).toEqual({ job: 'recheck-links', count: 1 });
      await until({ '/breaks-later': 'invalid', '/checked-recently': 'valid' });

      // The verdict refreshed the link: a run now has nothing to ask about.
      expect((await runLinkJob('recheck-links', env, NOW)).count).toBe(0);
    } finally {
      await links.stop();
      await checker.stop();
      await close();
    }
  }, 60_000); // Three services and two NATS round trips: slow on a busy machine, as link-status-flow.

  it('needs NATS_URL, and names a missing setting or an unknown job in one line', async () => {
    await expect(runLinkJob('recheck-links', { DATABASE_URL: database.url }, NOW)).rejects.toThrow(
      'invalid configuration: NATS_URL is not set',
    );
    await expect(runLinkJob('nope', {}, NOW)).rejects.toThrow(
      `usage: link-jobs <${Object.keys(LINK_JOBS).join('|')}>`,
    );
  });
});
