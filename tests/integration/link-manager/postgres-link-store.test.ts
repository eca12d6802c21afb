import { PgDb, migrate } from '../../../pkg/db';
import {
  LINK_MIGRATIONS_LOCK,
  LinkService,
  PostgresLinkStore,
  linkMigrations,
} from '../../../pkg/link-manager';
import { parseSearch } from '../../../pkg/link-manager/link-search';
import { LimitExceededError } from '../../../pkg/object-model';
import { describeLinkStoreContract } from '../../support/link-store-contract';
import { createTestDatabase, type TestDatabase } from '../../support/postgres';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('links');
});
afterAll(async () => {
  await database.drop();
});

async function freshStore() {
  const db = new PgDb({ connectionString: database.url });
  await migrate(db, LINK_MIGRATIONS_LOCK, linkMigrations);
  await db.query('TRUNCATE links, outbox RESTART IDENTITY');
  return { db, store: new PostgresLinkStore(db) };
}

describeLinkStoreContract('real Postgres', async () => {
  const { db, store } = await freshStore();
  return { store, close: () => db.close() };
});

describe('PostgresLinkStore on real Postgres', () => {
  it('migrations are versioned and applied once, even by replicas starting together', async () => {
    const replicas = [0, 1, 2].map(() => new PgDb({ connectionString: database.url }));
    try {
      const applied = await Promise.all(
        replicas.map((db) => migrate(db, LINK_MIGRATIONS_LOCK, linkMigrations)),
      );
      // The earlier describe already migrated this database: nobody applies anything twice.
      expect(applied.flat()).toEqual([]);
      const { rows } = await replicas[0].query<{ version: string }>('SELECT version FROM schema_migrations');
      expect(rows.map((r) => r.version)).toEqual(linkMigrations.map((m) => m.version));
    } finally {
      await Promise.all(replicas.map((db) => db.close()));
    }
  });

  it('gives links stored before the search migration their search document, once', async () => {
    const separate = await createTestDatabase('links_backfill');
    const db = new PgDb({ connectionString: separate.url });
    try {
      const beforeSearch = linkMigrations.filter((m) => m.version < '003_search_and_check_reasons');
      await migrate(db, LINK_MIGRATIONS_LOCK, beforeSearch);
      await db.query(
        `INSERT INTO links (username, url, title, description, tags, created_at, updated_at)
         VALUES ('old', 'https://a.example/', 'Ancien café', '', '{kept}', now(), now())`,
      );
      await migrate(db, LINK_MIGRATIONS_LOCK, linkMigrations);
      const store = new PostgresLinkStore(db);
      const search = (q: string) => store.list({ username: 'old', limit: 5, search: parseSearch(q) });
      expect(await search('cafe')).toEqual([]);
      expect(await store.backfillSearchDocuments()).toBe(1);
      expect((await search('CAFE ancien')).map((link) => link.url)).toEqual(['https://a.example/']);
      expect(await store.backfillSearchDocuments()).toBe(0);
    } finally {
      await db.close();
      await separate.drop();
    }
  });

  it('walks 250 links that share one timestamp page by page, each exactly once, while links are added', async () => {
    const { db, store } = await freshStore();
    try {
      const frozen = new Date('2026-05-05T05:05:05.000Z');
      const service = new LinkService(store, {
        maxLinksPerUser: 1000,
        regexBudgetMs: 1000,
        now: () => frozen,
      });
      for (let i = 0; i < 250; i++) {
        await service.addLink({ username: 'walker', url: `https://same.example/${i}`, title: `t${i}` });
      }
      const seen: string[] = [];
      let start: string | undefined;
      let added = 0;
      do {
        const page = await service.getLinks({ username: 'walker', start, limit: 7 });
        seen.push(...page.links.map((l) => l.url));
        start = page.nextPageToken || undefined;
        // New links arriving mid-walk belong before the cursor and must not shift the pages.
        if (added < 5)
          await service.addLink({ username: 'walker', url: `https://new.example/${added++}`, title: 'new' });
      } while (start);
      const original = seen.filter((url) => url.startsWith('https://same.example/'));
      expect(original).toHaveLength(250);
      expect(new Set(original).size).toBe(250);
      expect(seen.filter((url) => url.startsWith('https://new.example/'))).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('writes a link and its outbox row in one transaction: a failed insert leaves neither', async () => {
    const { db, store } = await freshStore();
    try {
      const service = new LinkService(store, {
        maxLinksPerUser: 10,
        regexBudgetMs: 1000,
        newId: () => 'not-a-uuid',
      });
      // The outbox insert fails (event_id is a uuid column) after the link row was inserted.
      await expect(
        service.addLink({ username: 'atomic', url: 'https://x.example/', title: 'x' }),
      ).rejects.toThrow();
      const links = await db.query('SELECT * FROM links');
      const outbox = await db.query('SELECT * FROM outbox');
      expect(links.rowCount).toBe(0);
      expect(outbox.rowCount).toBe(0);
    } finally {
      await db.close();
    }
  });

  it('every change writes exactly one outbox row with its event', async () => {
    const { db, store } = await freshStore();
    try {
      const service = new LinkService(store, { maxLinksPerUser: 10, regexBudgetMs: 1000 });
      await service.addLink({ username: 'ev', url: 'https://e.example/', title: 'e' });
      await service.updateLink({ username: 'ev', url: 'https://e.example/', addTags: ['t'] });
      await service.deleteLink({ username: 'ev', url: 'https://e.example/' });
      const { rows } = await db.query<{ subject: string; payload: { author: string; type: string } }>(
        'SELECT subject, payload FROM outbox ORDER BY position',
      );
      expect(rows.map((r) => r.subject)).toEqual(['links.added', 'links.updated', 'links.deleted']);
      expect(rows.every((r) => r.payload.author === 'ev')).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('concurrent adds cannot pass the per-user limit together', async () => {
    const { db, store } = await freshStore();
    try {
      const service = new LinkService(store, { maxLinksPerUser: 5, regexBudgetMs: 1000 });
      const results = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) =>
          service.addLink({ username: 'racer', url: `https://r.example/${i}`, title: 'r' }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(rejected).toHaveLength(7);
      expect(rejected.every((r) => r.reason instanceof LimitExceededError)).toBe(true);
      const { rows } = await db.query<{ count: string }>(
        "SELECT count(*) AS count FROM links WHERE username = 'racer'",
      );
      expect(Number(rows[0].count)).toBe(5);
    } finally {
      await db.close();
    }
  });
});
