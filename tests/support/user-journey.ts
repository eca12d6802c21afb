import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPublicApiClient } from '../../pkg/api-gateway-client';

/** A site on loopback for links to point at: `/ok` answers 200, anything else 404. */
export async function startTestSite(): Promise<{ url: string; close(): Promise<void> }> {
  const site: Server = createServer((req, res) => {
    res.statusCode = req.url === '/ok' ? 200 : 404;
    res.end();
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(site.address() as AddressInfo).port}`,
    close: async () => {
      site.closeAllConnections();
      await new Promise((resolve) => site.close(resolve));
    },
  };
}

/** A client of the public API, as a user's script would be. */
export class PublicApi {
  constructor(
    readonly base: string,
    private session?: string,
  ) {}

  as(session: string): PublicApi {
    return new PublicApi(this.base, session);
  }

  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = {};
    if (this.session) headers.authorization = `Bearer ${this.session}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(this.base + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (done(value) || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * The journey every deployment must pass, through the public API only: links, filters,
 * following, news from the people followed, link status from the checker, logout. It
 * speaks through the client generated from the OpenAPI document, as a user's program would.
 */
export async function runUserJourney(
  anon: PublicApi,
  sessions: { ann: string; bob: string },
  siteUrl: string,
): Promise<void> {
  const ann = createPublicApiClient(anon.base, { session: sessions.ann });
  const bob = createPublicApiClient(anon.base, { session: sessions.bob });
  const me = (await ann.GET('/v1/me')).data!;
  expect(me.username).toMatch(/^ann/);
  const followed = await bob.POST('/v1/following', { body: { followed: me.username } });
  expect(followed.response.status).toBe(204);

  const good = await ann.POST('/v1/links', {
    body: { url: `${siteUrl}/ok`, title: 'Good link', tags: ['e2e', 'ok'] },
  });
  expect(good.response.status).toBe(201);
  const bad = await ann.POST('/v1/links', {
    body: { url: `${siteUrl}/gone`, title: 'Bad link', tags: ['e2e'] },
  });
  expect(bad.response.status).toBe(201);

  const filtered = await ann.GET('/v1/links', { params: { query: { tag: 'ok', title: '^Good' } } });
  expect(filtered.data!.links.map((l) => l.title)).toEqual(['Good link']);
  const updated = await ann.PUT('/v1/links', {
    body: { url: `${siteUrl}/ok`, addTags: ['checked'], removeTags: ['e2e'] },
  });
  expect(updated.data!.link.tags).toEqual(['ok', 'checked']);

  const statuses = await anon.waitFor(
    async () => (await ann.GET('/v1/links')).data!.links,
    (links) => links.every((l) => l.status !== 'pending'),
  );
  expect(Object.fromEntries(statuses.map((l) => [l.title, l.status]))).toEqual({
    'Good link': 'valid',
    'Bad link': 'invalid',
  });

  const news = await anon.waitFor(
    async () => (await bob.GET('/v1/news')).data!.events,
    (events) => events.length >= 3,
  );
  expect(news.map((e) => [e.eventType, e.url])).toEqual([
    ['LINK_UPDATED', `${siteUrl}/ok`],
    ['LINK_ADDED', `${siteUrl}/gone`],
    ['LINK_ADDED', `${siteUrl}/ok`],
  ]);
  expect(news.every((e) => e.username === me.username)).toBe(true);

  expect((await ann.GET('/v1/followers')).data!.followers).toHaveLength(1);
  const deleted = await ann.DELETE('/v1/links', { params: { query: { url: `${siteUrl}/gone` } } });
  expect(deleted.response.status).toBe(204);
  expect((await ann.POST('/logout')).response.status).toBe(204);
  const afterLogout = await ann.GET('/v1/links');
  expect(afterLogout.response.status).toBe(401);
  expect(afterLogout.error!.error.code).toBe('UNAUTHENTICATED');
  expect((await bob.GET('/v1/links')).response.status).toBe(200);
}
