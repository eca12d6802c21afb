import type { FastifyInstance } from 'fastify';
import { UnavailableError } from '../../../pkg/object-model';
import { loadApiGatewayConfig } from '../../../svc/api-gateway-service/config';
import { createApiGatewayService } from '../../../svc/api-gateway-service/server';
import { fakeBackends } from '../../support/fake-backends';
import { testLogger } from '../../support/silent-logger';

const env = {
  PORT: '0',
  DEV_LOGIN_ENABLED: 'true',
  RATE_LIMIT_PER_MINUTE: '1000',
  SESSION_CACHE_SECONDS: '5',
};

let app: FastifyInstance;
let stop: () => Promise<void>;
let backends: ReturnType<typeof fakeBackends>;

beforeEach(async () => {
  backends = fakeBackends();
  ({ app, stop } = await createApiGatewayService(loadApiGatewayConfig(env), testLogger(), backends));
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
  expect(response.statusCode).toBe(200);
  return response.json().session;
}

const as = (session: string) => ({ authorization: `Bearer ${session}` });

describe('public API', () => {
  it('runs a user journey: links, following, followers, news, me, logout', async () => {
    const ann = await login('ann');
    const bob = await login('bob');
    expect((await app.inject({ method: 'GET', url: '/v1/me', headers: as(ann) })).json()).toEqual({
      username: 'ann',
      email: 'ann@example.com',
    });

    const added = await app.inject({
      method: 'POST',
      url: '/v1/links',
      headers: as(ann),
      payload: { url: 'https://a.example/', title: 'A', tags: ['t'] },
    });
    expect(added.statusCode).toBe(201);
    expect(added.json().link).toMatchObject({ url: 'https://a.example/', status: 'pending' });
    const listed = await app.inject({ method: 'GET', url: '/v1/links?tag=t&title=A', headers: as(ann) });
    expect(listed.json().links).toHaveLength(1);
    const updated = await app.inject({
      method: 'PUT',
      url: '/v1/links',
      headers: as(ann),
      payload: { url: 'https://a.example/', addTags: ['u'] },
    });
    expect(updated.json().link.tags).toEqual(['t', 'u']);

    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/v1/following',
          headers: as(bob),
          payload: { followed: 'ann' },
        })
      ).statusCode,
    ).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/v1/following', headers: as(bob) })).json()).toEqual({
      following: ['ann'],
    });
    expect((await app.inject({ method: 'GET', url: '/v1/followers', headers: as(ann) })).json()).toEqual({
      followers: ['bob'],
    });
    backends.news.feeds.set('bob', {
      events: [
        {
          eventType: 'LINK_ADDED',
          username: 'ann',
          url: 'https://a.example/',
          timestamp: '2026-01-01T00:00:00.000Z',
          title: 'A',
        },
      ],
      nextToken: '',
    });
    expect(
      (await app.inject({ method: 'GET', url: '/v1/news', headers: as(bob) })).json().events[0],
    ).toMatchObject({ username: 'ann' });
    expect(
      (await app.inject({ method: 'DELETE', url: '/v1/following?followed=ann', headers: as(bob) }))
        .statusCode,
    ).toBe(204);

    const deleted = await app.inject({
      method: 'DELETE',
      url: `/v1/links?url=${encodeURIComponent('https://a.example/')}`,
      headers: as(ann),
    });
    expect(deleted.statusCode).toBe(204);

    expect((await app.inject({ method: 'POST', url: '/logout', headers: as(ann) })).statusCode).toBe(204);
    const refused = await app.inject({ method: 'GET', url: '/v1/me', headers: as(ann) });
    expect(refused.statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/v1/me', headers: as(bob) })).statusCode).toBe(200);
  });

  it('a caller only ever sees and changes their own links', async () => {
    const ann = await login('ann');
    const eve = await login('eve');
    await app.inject({
      method: 'POST',
      url: '/v1/links',
      headers: as(ann),
      payload: { url: 'https://a.example/', title: 'A' },
    });
    expect((await app.inject({ method: 'GET', url: '/v1/links', headers: as(eve) })).json().links).toEqual(
      [],
    );
    const steal = await app.inject({
      method: 'PUT',
      url: '/v1/links',
      headers: as(eve),
      payload: { url: 'https://a.example/', title: 'mine' },
    });
    expect(steal.statusCode).toBe(404);
    const del = await app.inject({
      method: 'DELETE',
      url: `/v1/links?url=${encodeURIComponent('https://a.example/')}`,
      headers: as(eve),
    });
    expect(del.statusCode).toBe(404);
    const sneaky = await app.inject({
      method: 'POST',
      url: '/v1/links',
      headers: as(eve),
      payload: { username: 'ann', url: 'https://b.example/', title: 'B' },
    });
    expect(sneaky.statusCode).toBe(400);
    expect(
      (await app.inject({ method: 'GET', url: '/v1/links', headers: as(ann) }))
        .json()
        .links.map((l: { title: string }) => l.title),
    ).toEqual(['A']);
  });

  it.each([
    ['no bearer', 'GET', '/v1/links', undefined, undefined, 401, 'UNAUTHENTICATED'],
    ['a malformed bearer', 'GET', '/v1/links', 'Basic abc', undefined, 401, 'UNAUTHENTICATED'],
    [
      'an unknown session',
      'GET',
      '/v1/links',
      'Bearer nosuchsessionxxxxxxxxxxxxxxxx',
      undefined,
      401,
      'UNAUTHENTICATED',
    ],
    [
      'a number as title',
      'POST',
      '/v1/links',
      'ME',
      { url: 'https://x.example/', title: 1 },
      400,
      'INVALID_ARGUMENT',
    ],
    ['a missing url', 'POST', '/v1/links', 'ME', { title: 'x' }, 400, 'INVALID_ARGUMENT'],
    ['a bad regex', 'GET', '/v1/links?title=(', 'ME', undefined, 400, 'INVALID_ARGUMENT'],
    ['a bad limit', 'GET', '/v1/links?limit=1000', 'ME', undefined, 400, 'INVALID_ARGUMENT'],
    [
      'an oversize body',
      'POST',
      '/v1/links',
      'ME',
      { url: 'https://x.example/', title: 't', description: 'd'.repeat(70_000) },
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    ['following an unknown user', 'POST', '/v1/following', 'ME', { followed: 'nobody' }, 404, 'NOT_FOUND'],
    ['following yourself', 'POST', '/v1/following', 'ME', { followed: 'me' }, 400, 'INVALID_ARGUMENT'],
    [
      'a bad username to follow',
      'POST',
      '/v1/following',
      'ME',
      { followed: '../etc' },
      400,
      'INVALID_ARGUMENT',
    ],
    ['unfollowing a stranger', 'DELETE', '/v1/following?followed=me', 'ME', undefined, 404, 'NOT_FOUND'],
    ['an unknown route', 'GET', '/v1/nothing', 'ME', undefined, 404, 'NOT_FOUND'],
  ])(
    'answers %s with the right status and the SPEC body, changing nothing',
    async (_n, method, url, auth, payload, status, code) => {
      const me = await login('me');
      const authorization = auth === 'ME' ? `Bearer ${me}` : auth;
      const response = await app.inject({
        method: method as 'GET',
        url,
        headers: authorization ? { authorization } : {},
        ...(payload === undefined ? {} : { payload }),
      });
      expect(response.statusCode).toBe(status);
      expect(response.json()).toEqual({ error: { code, message: expect.any(String) } });
      expect(response.body).not.toMatch(/\bat .*\(|node_modules/);
      expect((await app.inject({ method: 'GET', url: '/v1/links', headers: as(me) })).json().links).toEqual(
        [],
      );
      expect(backends.social.edges.size).toBe(0);
    },
  );

  it('answers 503 for the calls whose service is down, while the others keep working', async () => {
    const me = await login('me');
    backends.news.getNews = async () => {
      throw new UnavailableError('news-service is unavailable (unreachable)');
    };
    const news = await app.inject({ method: 'GET', url: '/v1/news', headers: as(me) });
    expect(news.statusCode).toBe(503);
    expect(news.json()).toEqual({
      error: { code: 'UNAVAILABLE', message: 'news-service is unavailable (unreachable)' },
    });
    expect((await app.inject({ method: 'GET', url: '/v1/links', headers: as(me) })).statusCode).toBe(200);
  });

  it('adds security headers and request ids, and serves the OpenAPI document and its page', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-request-id']).toBeDefined();
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/links', '/v1/following', '/v1/news', '/v1/me']),
    );
    expect(doc.paths['/v1/links'].post.requestBody.content['application/json'].schema.required).toEqual([
      'url',
      'title',
    ]);
    const page = await app.inject({ method: 'GET', url: '/docs' });
    expect([200, 302]).toContain(page.statusCode);
  });
});

describe('public API settings', () => {
  it('has no development login unless enabled', async () => {
    const gateway = await createApiGatewayService(
      loadApiGatewayConfig({ PORT: '0' }),
      testLogger(),
      fakeBackends(),
    );
    try {
      const response = await gateway.app.inject({
        method: 'POST',
        url: '/v1/dev/login',
        payload: { username: 'x', email: 'x@example.com' },
      });
      expect(response.statusCode).toBe(404);
    } finally {
      await gateway.stop();
    }
  });

  it('rate-limits per session and per address with a 429 in the SPEC body', async () => {
    const gateway = await createApiGatewayService(
      loadApiGatewayConfig({ ...env, RATE_LIMIT_PER_MINUTE: '3' }),
      testLogger(),
      fakeBackends(),
    );
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++)
        codes.push((await gateway.app.inject({ method: 'GET', url: '/v1/me' })).statusCode);
      expect(codes).toEqual([401, 401, 401, 429, 429]);
      const limited = await gateway.app.inject({ method: 'GET', url: '/v1/me' });
      expect(limited.json()).toEqual({
        error: { code: 'RATE_LIMITED', message: expect.stringMatching(/^rate limit exceeded/) },
      });
    } finally {
      await gateway.stop();
    }
  });
});
