import type { FastifyInstance } from 'fastify';
import { loadLinkServiceConfig } from '../../../svc/link-service/config';
import { createLinkService } from '../../../svc/link-service/server';
import { createTestDatabase, type TestDatabase } from '../../support/postgres';
import { testLogger } from '../../support/silent-logger';

let database: TestDatabase;
let app: FastifyInstance;
let stop: () => Promise<void>;
let base: string;

beforeAll(async () => {
  database = await createTestDatabase('link_http');
  const config = loadLinkServiceConfig({
    PORT: '0',
    CALLER_AUTH_DISABLED: 'true',
    DATABASE_URL: database.url,
    MAX_LINKS_PER_USER: '3',
    BODY_LIMIT_BYTES: String(256 * 1024),
  });
  ({ app, stop } = await createLinkService(config, testLogger()));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await stop();
  await database.drop();
});

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

const q = encodeURIComponent;

describe('link service over HTTP on real Postgres', () => {
  it('adds, lists, filters, updates and deletes', async () => {
    const added = await call('POST', '/links', {
      username: 'gigi',
      url: 'https://kubernetes.io/docs',
      title: 'Kubernetes docs',
      description: 'Everything about pods',
      tags: ['k8s', 'docs'],
    });
    expect(added.status).toBe(201);
    expect(added.body.link).toMatchObject({
      url: 'https://kubernetes.io/docs',
      tags: ['k8s', 'docs'],
      status: 'pending',
    });
    await call('POST', '/links', { username: 'gigi', url: 'https://go.dev/', title: 'Go', tags: ['go'] });

    const all = await call('GET', '/links?username=gigi');
    expect(all.status).toBe(200);
    expect(all.body.links.map((l: { url: string }) => l.url)).toEqual([
      'https://go.dev/',
      'https://kubernetes.io/docs',
    ]);
    expect(all.body.nextPageToken).toBe('');

    const byTag = await call('GET', '/links?username=gigi&tag=go');
    expect(byTag.body.links.map((l: { url: string }) => l.url)).toEqual(['https://go.dev/']);
    for (const [field, pattern] of [
      ['url', 'kubernetes\\.io'],
      ['title', 'docs$'],
      ['description', 'pods'],
    ]) {
      const filtered = await call('GET', `/links?username=gigi&${field}=${q(pattern)}`);
      expect(filtered.body.links.map((l: { url: string }) => l.url)).toEqual(['https://kubernetes.io/docs']);
    }

    const paged = await call('GET', '/links?username=gigi&limit=1');
    expect(paged.body.links).toHaveLength(1);
    const next = await call('GET', `/links?username=gigi&limit=1&start=${q(paged.body.nextPageToken)}`);
    expect(next.body.links[0].url).toBe('https://kubernetes.io/docs');

    const updated = await call('PUT', '/links', {
      username: 'gigi',
      url: 'https://kubernetes.io/docs',
      addTags: ['cncf'],
      removeTags: ['docs'],
    });
    expect(updated.status).toBe(200);
    expect(updated.body.link.tags).toEqual(['k8s', 'cncf']);

    const deleted = await call('DELETE', `/links?username=gigi&url=${q('https://go.dev/')}`);
    expect(deleted.status).toBe(204);
    expect((await call('GET', '/links?username=gigi')).body.links).toHaveLength(1);
  });

  it.each([
    ['a missing username', 'GET', '/links', undefined, 400, 'INVALID_ARGUMENT'],
    ['a bad limit', 'GET', '/links?username=gigi&limit=abc', undefined, 400, 'INVALID_ARGUMENT'],
    ['a limit over 100', 'GET', '/links?username=gigi&limit=101', undefined, 400, 'INVALID_ARGUMENT'],
    ['an invalid regex', 'GET', `/links?username=gigi&title=${q('(')}`, undefined, 400, 'INVALID_ARGUMENT'],
    ['a forged page token', 'GET', '/links?username=gigi&start=xyz', undefined, 400, 'INVALID_ARGUMENT'],
    [
      'a number as title',
      'POST',
      '/links',
      { username: 'gigi', url: 'https://x.example/', title: 5 },
      400,
      'INVALID_ARGUMENT',
    ],
    [
      'a missing title',
      'POST',
      '/links',
      { username: 'gigi', url: 'https://x.example/' },
      400,
      'INVALID_ARGUMENT',
    ],
    [
      'an unknown field',
      'POST',
      '/links',
      { username: 'gigi', url: 'https://x.example/', title: 't', x: 1 },
      400,
      'INVALID_ARGUMENT',
    ],
    ['a relative url', 'POST', '/links', { username: 'gigi', url: 'x', title: 't' }, 400, 'INVALID_ARGUMENT'],
    ['malformed JSON', 'POST', '/links', '{"username":', 400, 'INVALID_ARGUMENT'],
    [
      'a duplicate url',
      'POST',
      '/links',
      { username: 'gigi', url: 'https://kubernetes.io/docs', title: 't' },
      409,
      'ALREADY_EXISTS',
    ],
    [
      'an unknown link update',
      'PUT',
      '/links',
      { username: 'gigi', url: 'https://none.example/', title: 't' },
      404,
      'NOT_FOUND',
    ],
    [
      'an unknown link delete',
      'DELETE',
      `/links?username=gigi&url=${q('https://none.example/')}`,
      undefined,
      404,
      'NOT_FOUND',
    ],
    ['an unknown route', 'GET', '/nope', undefined, 404, 'NOT_FOUND'],
    [
      'an oversize body',
      'POST',
      '/links',
      { username: 'gigi', url: 'https://x.example/', title: 't', description: 'd'.repeat(300_000) },
      413,
      'PAYLOAD_TOO_LARGE',
    ],
  ])(
    'answers %s with the SPEC error body and changes nothing',
    async (_name, method, path, body, status, code) => {
      const before = await call('GET', '/links?username=gigi&limit=100');
      const response = await call(method, path, body);
      expect(response.status).toBe(status);
      expect(response.body).toEqual({ error: { code, message: expect.any(String) } });
      expect(JSON.stringify(response.body)).not.toMatch(/at \w+ \(|node_modules/);
      expect(await call('GET', '/links?username=gigi&limit=100')).toEqual(
        expect.objectContaining({ body: before.body }),
      );
    },
  );

  it('answers 422 over the per-user link limit', async () => {
    for (let i = 0; i < 3; i++) {
      expect(
        (await call('POST', '/links', { username: 'capped', url: `https://c.example/${i}`, title: 'c' }))
          .status,
      ).toBe(201);
    }
    const over = await call('POST', '/links', {
      username: 'capped',
      url: 'https://c.example/over',
      title: 'c',
    });
    expect(over.status).toBe(422);
    expect(over.body.error.code).toBe('LIMIT_EXCEEDED');
  });

  it('answers a catastrophic-backtracking pattern on a long field quickly and keeps serving', async () => {
    await call('POST', '/links', {
      username: 'redos',
      url: 'https://r.example/',
      title: 'r',
      description: `${'a'.repeat(9_999)}!`,
    });
    const hostile = await call('GET', `/links?username=redos&description=${q('(a+)+$')}`);
    expect(hostile.status).toBe(200);
    expect(hostile.body.links).toEqual([]);
    const nested = await call('GET', `/links?username=redos&description=${q('((a*)*)*b')}`);
    expect(nested.status).toBe(200);
    expect((await call('GET', '/healthz')).status).toBe(200);
    expect((await call('GET', '/links?username=redos')).body.links).toHaveLength(1);
  });

  it('serves /healthz, /readyz with the database check, and per-method /metrics', async () => {
    expect(await call('GET', '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await call('GET', '/readyz')).toMatchObject({
      status: 200,
      body: { status: 'ready', checks: { database: 'ok' } },
    });
    const metrics = await fetch(`${base}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(
      /delinkcious_service_calls_total\{service="link-service",method="addLink",outcome="ok"\} \d+/,
    );
    expect(metrics).toMatch(
      /delinkcious_service_calls_total\{service="link-service",method="getLinks",outcome="INVALID_ARGUMENT"\}/,
    );
    expect(metrics).toMatch(
      /delinkcious_service_call_duration_seconds_bucket\{le="0.1",service="link-service",method="getLinks"/,
    );
  });

  it('echoes a caller’s request id and makes one up otherwise', async () => {
    const given = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'req-123' } });
    expect(given.headers.get('x-request-id')).toBe('req-123');
    const made = await fetch(`${base}/healthz`);
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
