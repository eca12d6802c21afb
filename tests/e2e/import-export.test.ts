import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { PublicApiClient, type Link } from '../../pkg/public-api-client';
import { startAllInOne, type AllInOneSystem } from '../support/all-in-one';

// `npm start` on ports of its own (28500 … 32590): all below 32768, outside the range Linux
// hands out to outgoing connections, and all allowed by fetch.
const PORT_OFFSET = 23500;
const CLI = join(process.cwd(), 'dist/cmd/delinkcious/main.js');
const FIXTURES = join(process.cwd(), 'tests/fixtures/bookmarks');

let system: AllInOneSystem;
let home: string;

/** The CLI, signed in as whoever logged in with the same config file (ann's by default). */
function delinkcious(
  args: string[],
  config = 'ann.json',
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, '--server', system.gateway, ...args],
      {
        env: { PATH: process.env.PATH, HOME: home, DELINKCIOUS_CONFIG: join(home, config) },
        timeout: 20_000,
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'dlk-import-'));
  // Room for Firefox's file (5 links) but not Chrome's on top (4 more).
  system = await startAllInOne(PORT_OFFSET, { env: { LINK_SERVICE_MAX_LINKS_PER_USER: '8' } });
}, 90_000);

afterAll(async () => {
  await system?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('import, export and feeds, through the CLI against npm start', () => {
  let ann: PublicApiClient;
  let bob: PublicApiClient;
  const annLinks = async () => (await ann.listLinks({ limit: 100 })).links;

  beforeAll(async () => {
    const gateway = new PublicApiClient({ baseUrl: system.gateway });
    expect((await delinkcious(['login', '--username', 'ann', '--email', 'ann@example.com'])).code).toBe(0);
    ann = gateway.withSession(
      (await gateway.devLogin({ username: 'ann', email: 'ann@example.com' })).session,
    );
    bob = gateway.withSession(
      (await gateway.devLogin({ username: 'bob', email: 'bob@example.com' })).session,
    );
    await bob.follow('ann');
  });

  it('imports a Firefox export once: the links, the checker checks them all, followers get one news entry', async () => {
    const first = await delinkcious(['import', join(FIXTURES, 'firefox.html')]);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/^Added 5, updated 0, unchanged 0, skipped 2\.\n {2}skipped place:/);

    const again = await delinkcious(['import', join(FIXTURES, 'firefox.html')]);
    expect(again.stdout.split('\n')[0]).toBe('Added 0, updated 0, unchanged 5, skipped 2.');

    // Every imported link reaches the checker (links.imported and links.added)…
    const checked = await eventually(
      annLinks,
      (links) => links.every((link) => link.status !== 'pending'),
      'checks',
    );
    expect(checked).toHaveLength(5);
    // …while bob's news has the import once: its newest link.
    const news = await eventually(
      () => bob.news(),
      (page) => page.events.length > 0,
      'news',
    );
    expect(news.events).toEqual([
      expect.objectContaining({ eventType: 'LINK_ADDED', username: 'ann', url: 'https://www.zürich.ch/' }),
    ]);
  });

  it('exports a file that imports back with no change', async () => {
    const before: Link[] = await annLinks();
    const exported = await delinkcious(['export']);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/^<!DOCTYPE NETSCAPE-Bookmark-file-1>/);
    expect(exported.stdout).toContain('>東京 – ウィキペディア</A>');
    const file = join(home, 'exported.html');
    writeFileSync(file, exported.stdout);
    const reimported = JSON.parse((await delinkcious(['--json', 'import', file])).stdout);
    expect(reimported).toMatchObject({ added: 0, updated: 0 });
    expect(await annLinks()).toEqual(before);
  });

  it('refuses an import past the limit and a file that is not one, storing nothing', async () => {
    const overLimit = await delinkcious(['import', join(FIXTURES, 'chrome.html')]);
    expect(overLimit.code).toBe(1);
    expect(overLimit.stderr).toMatch(
      /would add 4 links to your 5; a user has at most 8 links.*\(LIMIT_EXCEEDED\)/,
    );
    const malformed = await delinkcious(['import', join(FIXTURES, 'malformed.html')]);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(/not a Netscape bookmark file.*\(INVALID_ARGUMENT\)/);
    const missing = await delinkcious(['import', join(home, 'nope.html')]);
    expect(missing).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/cannot read .*nope\.html: no such file/),
    });
    expect(await annLinks()).toHaveLength(5);
  });

  it('gives feed readers Atom feeds: links to anyone, news with the token until it is revoked', async () => {
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });
    const links = await fetch(`${system.gateway}/feeds/ann/links.atom`);
    expect(links.status).toBe(200);
    expect(parser.parse(await links.text()).feed.entry).toHaveLength(5);

    const created = await delinkcious(['feed-token', '--json']);
    const { newsFeed } = JSON.parse(created.stdout) as { newsFeed: string };
    expect(newsFeed).toMatch(new RegExp(`^${system.gateway}/feeds/ann/news\\.atom\\?token=`));
    const bobsFeed = await bob.createFeedToken();
    const news = await fetch(system.gateway + bobsFeed.newsFeed);
    expect(news.status).toBe(200);
    const entry = parser.parse(await news.text()).feed.entry;
    expect(entry).toMatchObject({
      title: 'ann added Zürich — Stadt',
      link: { '@href': 'https://www.zürich.ch/' },
    });

    expect((await delinkcious(['feed-token', '--revoke'])).code).toBe(0);
    expect((await fetch(newsFeed)).status).toBe(401);
  });
});

describe('private links, tags with commas, and Pinboard and linkding JSON, through the CLI against npm start', () => {
  const asCarl = (args: string[]) => delinkcious(args, 'carl.json');
  let carl: PublicApiClient;
  let dora: PublicApiClient;
  let bob: PublicApiClient;
  /** What an export carries of a link (not the checker's verdict, nor times finer than its seconds). */
  const contents = (links: Link[]) =>
    links.map(({ url, title, description, tags, private: isPrivate }) => ({
      url,
      title,
      description,
      tags,
      isPrivate,
    }));
  const carlsNews = async () =>
    (await bob.news()).events.filter((event) => event.username === 'carl').map((event) => event.url);

  beforeAll(async () => {
    const gateway = new PublicApiClient({ baseUrl: system.gateway });
    const login = async (username: string) =>
      gateway.withSession((await gateway.devLogin({ username, email: `${username}@example.com` })).session);
    expect((await asCarl(['login', '--username', 'carl', '--email', 'carl@example.com'])).code).toBe(0);
    [carl, dora, bob] = [await login('carl'), await login('dora'), await login('bob')];
    await bob.follow('carl');
  });

  it("imports Pinboard's and linkding's JSON: private where they say so, and no news of a private link", async () => {
    const pinboard = await asCarl(['import', join(FIXTURES, 'pinboard.json')]);
    expect(pinboard).toMatchObject({ code: 0, stderr: '' });
    expect(pinboard.stdout).toBe(
      'Added 3, updated 0, unchanged 0, skipped 1.\n  skipped ftp://ftp.example.org/pub/: url must be an absolute http or https URL\n',
    );
    const linkding = await asCarl(['import', join(FIXTURES, 'linkding.json')]);
    expect(linkding.stdout).toBe('Added 2, updated 1, unchanged 0, skipped 0.\n');
    const again = await asCarl(['import', join(FIXTURES, 'linkding.json')]);
    expect(again.stdout).toBe('Added 0, updated 0, unchanged 3, skipped 0.\n');
    // A .json file goes as application/json: HTML inside one is refused, not read as HTML.
    const misnamed = join(home, 'bookmarks.json');
    writeFileSync(misnamed, readFileSync(join(FIXTURES, 'chrome.html')));
    const refused = await asCarl(['import', misnamed]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not valid JSON.*\(INVALID_ARGUMENT\)/);

    const links = (await carl.listLinks({ limit: 100 })).links;
    expect(links.map((link) => [link.url, link.private])).toEqual([
      ['https://docs.djangoproject.com/en/5.0/', false],
      ['https://www.postgresql.org/docs/current/', true],
      ['https://www.bankofengland.co.uk/statistics', true],
      ['https://go.dev/blog/', false],
      ['https://www.zeit.de/index', false],
    ]);
    // One news entry per import, each its newest public link: the newer private ones never leave.
    const news = await eventually(carlsNews, (urls) => urls.length >= 2, "carl's news");
    expect(news).toEqual(['https://docs.djangoproject.com/en/5.0/', 'https://go.dev/blog/']);
  });

  it('exports private links and tags with commas so that another account imports the same links', async () => {
    await carl.addLink({ url: 'https://www.paris.fr/', title: 'Paris', tags: ['Paris, France', '100%'] });
    const before = (await carl.listLinks({ limit: 100 })).links;
    const exported = await asCarl(['export']);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('TAGS="Paris%2C France,100%">Paris</A>');
    expect(exported.stdout.match(/ PRIVATE="1"/g)).toHaveLength(2);
    const file = join(home, 'carl.html');
    writeFileSync(file, exported.stdout);

    expect(JSON.parse((await asCarl(['--json', 'import', file])).stdout)).toMatchObject({
      added: 0,
      updated: 0,
    });
    expect(await dora.importBookmarks(exported.stdout)).toMatchObject({ added: 6, updated: 0, skipped: [] });
    expect(contents((await dora.listLinks({ limit: 100 })).links)).toEqual(contents(before));
    expect(
      (await dora.listLinks({ limit: 100 })).links.find((link) => link.url === 'https://www.paris.fr/')?.tags,
    ).toEqual(['Paris, France', '100%']);
  });
});
