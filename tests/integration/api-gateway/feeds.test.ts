import type { FastifyInstance } from 'fastify';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { loadApiGatewayConfig } from '../../../svc/api-gateway-service/config';
import { createApiGatewayService } from '../../../svc/api-gateway-service/server';
import { fakeBackends } from '../../support/fake-backends';
import { testLogger } from '../../support/silent-logger';

let app: FastifyInstance;
let stop: () => Promise<void>;
let backends: ReturnType<typeof fakeBackends>;

beforeEach(async () => {
  backends = fakeBackends();
  ({ app, stop } = await createApiGatewayService(
    loadApiGatewayConfig({ PORT: '0', DEV_LOGIN_ENABLED: 'true', RATE_LIMIT_PER_MINUTE: '1000' }),
    testLogger(),
    backends,
  ));
});
afterEach(async () => {
  await stop();
});

async function login(username: string): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/v1/dev/login',
    payload: { username, email: `${username}@example.com` },
  });
  return response.json().session;
}

type Xml = Record<string, unknown>;
const asArray = (value: unknown): Xml[] =>
  (value === undefined ? [] : Array.isArray(value) ? value : [value]) as Xml[];

/** Parses the body as XML (refusing anything ill-formed) and checks RFC 4287's required elements. */
function parseAtom(body: string): { feed: Xml; entries: Xml[] } {
  expect(XMLValidator.validate(body)).toBe(true);
  const document = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(body) as Xml;
  const feed = document.feed as Xml;
  expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
  for (const required of ['id', 'title', 'updated', 'author']) expect(feed[required]).toBeDefined();
  const entries = asArray(feed.entry);
  for (const entry of entries) {
    for (const required of ['id', 'title', 'updated', 'link']) expect(entry[required]).toBeDefined();
    expect(Number.isNaN(Date.parse(String(entry.updated)))).toBe(false);
  }
  return { feed, entries };
}

describe('Atom feeds', () => {
  it("serves a user's links as valid Atom to anyone, escaping what needs it", async () => {
    const ann = await login('ann');
    await app.inject({
      method: 'POST',
      url: '/v1/links',
      headers: { authorization: `Bearer ${ann}` },
      payload: {
        url: 'https://example.org/?a=1&b=<2>',
        title: 'Tom & Jerry <"quoted"> ]]> 東京',
        description: 'a < b & c',
        tags: ['café', 'a&b'],
      },
    });
    const response = await app.inject({ method: 'GET', url: '/feeds/ann/links.atom' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const { feed, entries } = parseAtom(response.body);
    expect(feed.title).toBe("ann's links on Delinkcious");
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      title: 'Tom & Jerry <"quoted"> ]]> 東京',
      summary: { '#text': 'a < b & c', '@type': 'text' },
      link: { '@href': 'https://example.org/?a=1&b=<2>', '@rel': 'alternate' },
      category: [{ '@term': 'café' }, { '@term': 'a&b' }],
    });
    expect(String(entries[0].id)).toMatch(/^urn:uuid:/);
    expect((await app.inject({ method: 'GET', url: '/feeds/nobody/links.atom' })).statusCode).toBe(404);
  });

  it('serves news only with the live feed token: created, rotated, revoked', async () => {
    const ann = await login('ann');
    backends.news.feeds.set('ann', {
      events: [
        {
          eventType: 'LINK_ADDED',
          username: 'bob',
          url: 'https://b.example/',
          timestamp: '2026-01-02T03:04:05.000Z',
          title: 'B & b',
        },
      ],
      nextToken: '',
    });
    const created = await app.inject({
      method: 'POST',
      url: '/v1/feed-token',
      headers: { authorization: `Bearer ${ann}` },
    });
    expect(created.statusCode).toBe(200);
    const { token, newsFeed, linksFeed } = created.json();
    expect(newsFeed).toBe(`/feeds/ann/news.atom?token=${token}`);
    expect(linksFeed).toBe('/feeds/ann/links.atom');

    const read = (url: string) => app.inject({ method: 'GET', url });
    const ok = await read(newsFeed);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['cache-control']).toBe('private, no-store');
    const { entries, feed } = parseAtom(ok.body);
    expect(entries.map((entry) => entry.title)).toEqual(['bob added B & b']);
    expect(JSON.stringify(feed)).not.toContain(token);

    expect((await read('/feeds/ann/news.atom')).statusCode).toBe(401);
    expect((await read('/feeds/ann/news.atom?token=wrong')).statusCode).toBe(401);
    // bob's token opens only bob's feed.
    const bob = await login('bob');
    const bobs = (
      await app.inject({ method: 'POST', url: '/v1/feed-token', headers: { authorization: `Bearer ${bob}` } })
    ).json();
    expect((await read(`/feeds/ann/news.atom?token=${bobs.token}`)).statusCode).toBe(401);

    const rotated = (
      await app.inject({ method: 'POST', url: '/v1/feed-token', headers: { authorization: `Bearer ${ann}` } })
    ).json();
    expect((await read(newsFeed)).statusCode).toBe(401);
    expect((await read(rotated.newsFeed)).statusCode).toBe(200);
    const revoked = await app.inject({
      method: 'DELETE',
      url: '/v1/feed-token',
      headers: { authorization: `Bearer ${ann}` },
    });
    expect(revoked.statusCode).toBe(204);
    expect((await read(rotated.newsFeed)).json().error.code).toBe('UNAUTHENTICATED');
    expect((await app.inject({ method: 'POST', url: '/v1/feed-token' })).statusCode).toBe(401);
  });
});
