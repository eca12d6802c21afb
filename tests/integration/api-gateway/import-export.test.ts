import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadApiGatewayConfig } from '../../../svc/api-gateway-service/config';
import { createApiGatewayService } from '../../../svc/api-gateway-service/server';
import { fullPublicApiDocument } from '../../../cmd/gen-openapi/generate';
import { fakeBackends } from '../../support/fake-backends';
import { testLogger } from '../../support/silent-logger';

interface DocumentedPath {
  requestBody: { content: Record<string, unknown> };
  responses: Record<string, { content: Record<string, unknown> }>;
  parameters: Array<{ name: string; in: string }>;
  security: unknown;
}

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/bookmarks', name));

let app: FastifyInstance;
let stop: () => Promise<void>;
let session: string;

beforeEach(async () => {
  ({ app, stop } = await createApiGatewayService(
    loadApiGatewayConfig({
      PORT: '0',
      DEV_LOGIN_ENABLED: 'true',
      RATE_LIMIT_PER_MINUTE: '1000',
      IMPORT_LIMIT_BYTES: String(64 * 1024),
      // Below the import limit: a JSON file is read by the import's own parser, not the general one.
      BODY_LIMIT_BYTES: String(16 * 1024),
    }),
    testLogger(),
    fakeBackends(),
  ));
  const login = await app.inject({
    method: 'POST',
    url: '/v1/dev/login',
    payload: { username: 'ann', email: 'ann@example.com' },
  });
  session = login.json().session;
});
afterEach(async () => {
  await stop();
});

const importFile = (body: Buffer | string, contentType = 'text/html') =>
  app.inject({
    method: 'POST',
    url: '/v1/import',
    headers: { authorization: `Bearer ${session}`, 'content-type': contentType },
    payload: body,
  });
const links = async () =>
  (
    await app.inject({
      method: 'GET',
      url: '/v1/links?limit=100',
      headers: { authorization: `Bearer ${session}` },
    })
  ).json().links as Array<{ url: string; title: string; tags: string[]; private: boolean }>;
const addLink = (link: { url: string; title: string; tags?: string[]; private?: boolean }) =>
  app.inject({
    method: 'POST',
    url: '/v1/links',
    headers: { authorization: `Bearer ${session}` },
    payload: link,
  });
const exportFile = async () =>
  (await app.inject({ method: 'GET', url: '/v1/export', headers: { authorization: `Bearer ${session}` } }))
    .body;

describe('POST /v1/import and GET /v1/export', () => {
  it("imports Firefox's and Chrome's files, reports what it skipped, and a second import adds nothing", async () => {
    const firefox = await importFile(fixture('firefox.html'));
    expect(firefox.statusCode).toBe(200);
    expect(firefox.json()).toEqual({
      added: 5,
      updated: 0,
      skipped: [
        {
          url: 'place:parent=menu________&sort=8&maxResults=10&excludeQueries=1',
          reason: 'url must be an absolute http or https URL',
        },
        {
          url: "javascript:location.href='https://example.com/save?u='+encodeURIComponent(location.href)",
          reason: 'url must be an absolute http or https URL',
        },
      ],
    });
    const chrome = await importFile(fixture('chrome.html'));
    expect(chrome.json()).toMatchObject({ added: 4, updated: 0 });
    expect(
      (await links()).find((link) => link.url === 'https://fr.wikipedia.org/wiki/Caf%C3%A9'),
    ).toMatchObject({
      title: 'Café — Wikipédia',
      tags: ['Reading', 'Café & Crème'],
    });

    const again = await importFile(fixture('firefox.html'));
    expect(again.json().added).toBe(0);
    expect(again.json().updated).toBe(0);
    expect(await links()).toHaveLength(9);
  });

  it('exports the Netscape format, which imports back with no change', async () => {
    await importFile(fixture('firefox.html'));
    const before = await links();
    const exported = await app.inject({
      method: 'GET',
      url: '/v1/export',
      headers: { authorization: `Bearer ${session}` },
    });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(exported.headers['content-disposition']).toContain('attachment');
    expect(exported.body).toMatch(/^<!DOCTYPE NETSCAPE-Bookmark-file-1>/);
    expect(exported.body).toContain('>Kubernetes &amp; its docs</A>');
    expect(exported.body).toContain('TAGS="Dev,k8s,docs,Lectures"');

    const reimported = await importFile(exported.body);
    expect(reimported.json()).toMatchObject({ added: 0, updated: 0 });
    expect(reimported.json().skipped.every((s: { reason: string }) => s.reason === 'unchanged')).toBe(true);
    expect(await links()).toEqual(before);
  });

  it('answers 400 for a file that is not a bookmark file, and stores nothing', async () => {
    const response = await importFile(fixture('malformed.html'));
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/not a Netscape bookmark file/),
    });
    expect(await links()).toEqual([]);
  });

  it('exports private links with PRIVATE="1" and tags with commas, and imports the file back to the same state', async () => {
    expect(
      (await addLink({ url: 'https://a.example/', title: 'A', tags: ['Paris, France', '100%'] })).statusCode,
    ).toBe(201);
    expect(
      (await addLink({ url: 'https://b.example/', title: 'B', tags: ['%2C'], private: true })).statusCode,
    ).toBe(201);
    const before = await links();
    const file = await exportFile();
    expect(file).toContain('<A HREF="https://b.example/" ');
    expect(file).toMatch(/HREF="https:\/\/b\.example\/"[^>]* PRIVATE="1" TAGS="%252C">B<\/A>/);
    expect(file).toMatch(/HREF="https:\/\/a\.example\/"[^>]* TAGS="Paris%2C France,100%">A<\/A>/);
    expect(file.match(/PRIVATE/g)).toHaveLength(1);

    // Into an empty account (the same user, after deleting everything): the same links again.
    for (const link of before) {
      await app.inject({
        method: 'DELETE',
        url: `/v1/links?url=${encodeURIComponent(link.url)}`,
        headers: { authorization: `Bearer ${session}` },
      });
    }
    expect(await links()).toEqual([]);
    expect((await importFile(file)).json()).toMatchObject({ added: 2, updated: 0, skipped: [] });
    const strip = (all: Awaited<ReturnType<typeof links>>) =>
      all.map(({ url, title, tags, private: isPrivate }) => ({ url, title, tags, private: isPrivate }));
    expect(strip(await links())).toEqual(strip(before));
    expect((await importFile(file)).json()).toMatchObject({ added: 0, updated: 0 });
  });

  it("imports Pinboard's and linkding's JSON, sent as application/json or recognised as JSON", async () => {
    const pinboard = await importFile(fixture('pinboard.json'), 'application/json');
    expect(pinboard.statusCode).toBe(200);
    expect(pinboard.json()).toEqual({
      added: 3,
      updated: 0,
      skipped: [{ url: 'ftp://ftp.example.org/pub/', reason: 'url must be an absolute http or https URL' }],
    });
    // linkding's API answer, sent as a browser file would be: told apart by its content.
    const linkding = await importFile(fixture('linkding.json'), 'text/html');
    expect(linkding.json()).toEqual({ added: 2, updated: 1, skipped: [] });
    expect((await links()).map((link) => [link.url, link.title, link.tags, link.private])).toEqual([
      [
        'https://docs.djangoproject.com/en/5.0/',
        'Django documentation | Django',
        ['django', 'python'],
        false,
      ],
      ['https://www.postgresql.org/docs/current/', 'PostgreSQL manual', ['databases'], true],
      [
        'https://www.bankofengland.co.uk/statistics',
        'Statistics | Bank of England',
        ['finance', 'to-check'],
        true,
      ],
      ['https://go.dev/blog/', 'The Go Blog', ['go', 'programming'], false],
      ['https://www.zeit.de/index', 'ZEIT ONLINE', ['news', 'deutsch'], false],
    ]);

    // A plain array of linkding bookmarks, a second time: nothing changes.
    const { results } = JSON.parse(fixture('linkding.json').toString()) as { results: unknown[] };
    const again = await importFile(JSON.stringify(results), 'application/json; charset=utf-8');
    expect(again.json()).toMatchObject({ added: 0, updated: 0 });
  });

  it('answers 400 for JSON that is no export, or HTML sent as JSON, and stores nothing', async () => {
    const unknown = await importFile(JSON.stringify([{ link: 'https://a.example/' }]), 'application/json');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/^not a bookmark export: a JSON import is Pinboard's export/),
    });
    const broken = await importFile(
      '[{"href":"https://a.example/"},{"href":"https://b.example/","tags":["x"]}]',
      'application/json',
    );
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.message).toMatch(/^not a Pinboard export: bookmark 2: tags: /);
    const html = await importFile(fixture('chrome.html'), 'application/json');
    expect(html.statusCode).toBe(400);
    expect(html.json().error.message).toMatch(/^not valid JSON/);
    expect(await links()).toEqual([]);
  });

  it('takes JSON up to IMPORT_LIMIT_BYTES (past BODY_LIMIT_BYTES), refuses it past that (413) or past the link limit (422)', async () => {
    const bookmark = (n: number, extended = '') => ({
      href: `https://example.org/${n}`,
      description: `Bookmark ${n}`,
      extended,
      tags: 'a b',
    });
    const within = JSON.stringify(Array.from({ length: 40 }, (_, n) => bookmark(n, 'x'.repeat(1000))));
    expect(within.length).toBeGreaterThan(32 * 1024);
    expect((await importFile(within, 'application/json')).json()).toMatchObject({ added: 40 });

    const past = JSON.stringify(Array.from({ length: 70 }, (_, n) => bookmark(n, 'y'.repeat(1000))));
    const tooLarge = await importFile(past, 'application/json');
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    // The fake link service holds 100 links a user.
    const tooMany = await importFile(
      JSON.stringify(Array.from({ length: 100 }, (_, n) => bookmark(n + 1000))),
      'application/json',
    );
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json().error).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      message:
        'this import would add 100 links to your 40; a user has at most 100 links, so nothing was imported',
    });
    expect(await links()).toHaveLength(40);
  });

  it('answers 400 without a body, 415 for another media type, and 401 without a session', async () => {
    const empty = await app.inject({
      method: 'POST',
      url: '/v1/import',
      headers: { authorization: `Bearer ${session}` },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toMatch(/Content-Type: text\/html.*Content-Type: application\/json/);
    expect((await importFile('https://a.example/', 'text/plain')).statusCode).toBe(415);
    const anonymous = await app.inject({
      method: 'POST',
      url: '/v1/import',
      headers: { 'content-type': 'text/html' },
      payload: fixture('chrome.html'),
    });
    expect(anonymous.statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/v1/export' })).statusCode).toBe(401);
  });

  it('answers 413 for a file past IMPORT_LIMIT_BYTES, and stores nothing', async () => {
    const big = fixture('chrome.html')
      .toString()
      .replace('</DL><p>\n', `${'<!-- padding -->'.repeat(5000)}</DL><p>\n`);
    const response = await importFile(big);
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await links()).toEqual([]);
  });

  it('is in the OpenAPI document with its media types, as are the feeds', () => {
    // The document is JSON: walked here as the plain data it is.
    const paths = JSON.parse(JSON.stringify(fullPublicApiDocument().paths)) as Record<
      string,
      Record<string, DocumentedPath>
    >;
    expect(Object.keys(paths['/v1/import'].post.requestBody.content)).toEqual([
      'text/html',
      'application/json',
    ]);
    expect(Object.keys(paths['/v1/import'].post.responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '413',
      '415',
      '422',
      '429',
      '500',
      '503',
    ]);
    expect(Object.keys(paths['/v1/export'].get.responses['200'].content)).toEqual(['text/html']);
    expect(Object.keys(paths['/feeds/{username}/links.atom'].get.responses['200'].content)).toEqual([
      'application/atom+xml',
    ]);
    expect(
      paths['/feeds/{username}/news.atom'].get.parameters.map(
        (p: { name: string; in: string }) => `${p.in}:${p.name}`,
      ),
    ).toEqual(['path:username', 'query:token']);
    expect(paths['/v1/feed-token'].post.security).toEqual([{ session: [] }]);
  });
});
