import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAllInOne, startRefused, type AllInOneSystem } from '../support/all-in-one';
import { PublicApi } from '../support/user-journey';

// One data folder belongs to one running system; a crash does not keep it locked.
const PORT_OFFSET = 24000;
const SECOND_OFFSET = 24100;
let dataDir: string;
let system: AllInOneSystem | undefined;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'dlk-start-all-folder-'));
});

afterAll(async () => {
  await system?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function logIn(gateway: string): Promise<PublicApi> {
  const api = new PublicApi(gateway);
  const response = await api.call<{ session: string }>('POST', '/v1/dev/login', {
    username: 'ann',
    email: 'ann@example.com',
  });
  expect(response.status).toBe(200);
  return api.as(response.body.session);
}

async function linksOf(api: PublicApi): Promise<string[]> {
  const response = await api.call<{ links: { url: string }[] }>('GET', '/v1/links');
  expect(response.status).toBe(200);
  return response.body.links.map((link) => link.url);
}

describe('npm start: one data folder, one system', () => {
  let api: PublicApi;

  it('starts, with a setting given to npm start reaching its service', async () => {
    system = await startAllInOne(PORT_OFFSET, { dataDir, env: { LINK_SERVICE_MAX_LINKS_PER_USER: '2' } });
    api = await logIn(system.gateway);
    for (const url of ['https://example.com/one', 'https://example.com/two']) {
      expect((await api.call('POST', '/v1/links', { url, title: 'a link' })).status).toBe(201);
    }
    // The link service's own limit (default 1000), set through LINK_SERVICE_MAX_LINKS_PER_USER.
    const third = await api.call('POST', '/v1/links', { url: 'https://example.com/three', title: 'a link' });
    expect(third.status).toBe(422);
  }, 90_000);

  it('refuses a second system on the same folder, naming the holder and how to run a second one', async () => {
    const files = readdirSync(join(dataDir, 'secrets')).sort();
    const refused = await startRefused(SECOND_OFFSET, dataDir);
    expect(refused.code).toBe(1);
    const lines = refused.output.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      `the data folder ${dataDir} is in use by another Delinkcious (process ${system!.pid})`,
    );
    expect(lines[0]).toMatch(/DATA_DIR=\S+ PORT_OFFSET=\d+ npm start/);
    expect(readdirSync(join(dataDir, 'secrets')).sort()).toEqual(files);
  }, 60_000);

  it('keeps the first system working with its data intact', async () => {
    expect((await linksOf(api)).sort()).toEqual(['https://example.com/one', 'https://example.com/two']);
  });

  it('recovers the lock a crashed system left, and its data', async () => {
    await system!.crash();
    system = await startAllInOne(PORT_OFFSET, { dataDir });
    api = await logIn(system.gateway);
    expect((await linksOf(api)).sort()).toEqual(['https://example.com/one', 'https://example.com/two']);
  }, 90_000);

  it('prints a clean banner with the data folder, the servers in use and the memory', () => {
    const banner = system!.output();
    expect(banner).toContain(`data      ${dataDir}`);
    expect(banner).toContain(`Postgres: one embedded Postgres (PGlite) in ${join(dataDir, 'postgres')}`);
    expect(banner).toMatch(/memory {4}\d+ MB resident/);
    // Logs come below the banner, as JSON lines when not on a terminal.
    const afterBanner = banner.slice(banner.indexOf('Press Ctrl-C to stop.'));
    const logLines = afterBanner.split('\n').slice(1).filter(Boolean);
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(() => JSON.parse(line)).not.toThrow();
    expect(banner.slice(0, banner.indexOf('Delinkcious is running'))).not.toContain('{');
  });

  it('stops cleanly and lets the folder go', async () => {
    expect(await system!.stop()).toBe(0);
    system = undefined;
    expect(readdirSync(dataDir)).not.toContain('.lock');
  });
});
