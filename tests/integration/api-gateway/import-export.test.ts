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
  ).json().links as Array<{ url: string; title: string; tags: string[] }>;

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

  it('answers 400 for a JSON body posing as the file, and 401 without a session', async () => {
    const json = await importFile(
      JSON.stringify([{ url: 'https://a.example/', title: 'A' }]),
      'application/json',
    );
    expect(json.statusCode).toBe(400);
    expect(json.json().error.message).toMatch(/Content-Type: text\/html/);
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
    expect(Object.keys(paths['/v1/import'].post.requestBody.content)).toEqual(['text/html']);
    expect(Object.keys(paths['/v1/import'].post.responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '413',
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
