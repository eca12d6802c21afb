import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, SharedPGlite } from '../../../pkg/db';

// Several services' databases in one embedded Postgres, one schema each.
const migrations = [
  { version: '001_items', sql: 'CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL)' },
];
let folder: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'dlk-shared-pglite-'));
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('SharedPGlite', () => {
  it('keeps each schema apart, with its own migrations, and keeps the data across a reopen', async () => {
    const shared = await SharedPGlite.open(folder);
    const [links, users] = [await shared.database('link_manager'), await shared.database('user_manager')];
    expect(await migrate(links, 1, migrations)).toEqual(['001_items']);
    expect(await migrate(users, 2, migrations)).toEqual(['001_items']);
    // Interleaved calls never run under the other's search path.
    await Promise.all([
      links.query("INSERT INTO items (name) VALUES ('a link')"),
      users.transaction(async (tx) => {
        await tx.query("INSERT INTO items (name) VALUES ('a user')");
        await tx.query("INSERT INTO items (name) VALUES ('another user')");
      }),
      links.withAdvisoryLock(1, (session) =>
        session.query("INSERT INTO items (name) VALUES ('another link')"),
      ),
    ]);
    await links.close(); // a service stopping leaves the instance to its owner
    expect((await users.query('SELECT count(*)::int AS n FROM items')).rows).toEqual([{ n: 2 }]);
    await shared.close();

    const reopened = await SharedPGlite.open(folder);
    const again = await reopened.database('link_manager');
    expect(await migrate(again, 1, migrations)).toEqual([]);
    const { rows } = await again.query<{ name: string }>('SELECT name FROM items ORDER BY id');
    expect(rows.map((row) => row.name)).toEqual(['a link', 'another link']);
    await reopened.close();
  }, 90_000);

  it('rolls back a failed transaction in its own schema only', async () => {
    const shared = await SharedPGlite.open(join(folder, 'rollback'));
    const db = await shared.database('social_graph_manager');
    await migrate(db, 3, migrations);
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO items (name) VALUES ('kept?')");
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect((await db.query('SELECT count(*)::int AS n FROM items')).rows).toEqual([{ n: 0 }]);
    await shared.close();
  }, 60_000);

  it('refuses a schema name that is not a plain identifier', async () => {
    const shared = await SharedPGlite.open(join(folder, 'names'));
    await expect(shared.database('x; DROP TABLE y')).rejects.toThrow('not a schema name');
    await shared.close();
  }, 60_000);

  it('names the folder when PGlite cannot open it, instead of a bare abort', async () => {
    const damaged = join(folder, 'damaged');
    mkdirSync(damaged);
    writeFileSync(join(damaged, 'PG_VERSION'), '99\n');
    await expect(SharedPGlite.open(damaged)).rejects.toThrow(
      `the embedded database in ${damaged} could not be opened`,
    );
  });
});
