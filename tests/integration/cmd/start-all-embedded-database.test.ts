import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import { PGliteDb } from '../../../pkg/db';
import { openEmbeddedDatabases } from '../../../cmd/start-all/embedded-database';

// A data folder written before one PGlite held every schema keeps its data.
let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'dlk-older-layout-'));
});

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

afterEach(() => jest.restoreAllMocks());

describe('npm start on a data folder of the earlier layout', () => {
  it('uses the per-service databases as they are, without creating the shared one', async () => {
    const older = await PGliteDb.open(join(dataDir, 'link_manager'));
    await older.query('CREATE TABLE kept (note text)');
    await older.query("INSERT INTO kept VALUES ('saved before the upgrade')");
    await older.close();

    const databases = await openEmbeddedDatabases(dataDir);
    expect(databases.description).toContain('one embedded Postgres per service');
    const links = await databases.of('link-service');
    expect((await links.query('SELECT note FROM kept')).rows).toEqual([{ note: 'saved before the upgrade' }]);
    await links.close();
    await databases.close();
    expect(existsSync(join(dataDir, 'postgres'))).toBe(false);
  }, 90_000);

  it('has V8 compile the embedded Postgres with its baseline WebAssembly compiler only', async () => {
    const setFlags = jest.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined);
    const databases = await openEmbeddedDatabases(dataDir);
    expect(setFlags).toHaveBeenCalledWith('--liftoff-only');
    await databases.close();
  }, 90_000);
});
