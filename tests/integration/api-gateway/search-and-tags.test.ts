import type { FastifyInstance } from 'fastify';
import { LinkManagerClient } from '../../../pkg/link-client';
import { loadApiGatewayConfig } from '../../../svc/api-gateway-service/config';
import { createApiGatewayService } from '../../../svc/api-gateway-service/server';
import { loadLinkServiceConfig } from '../../../svc/link-service/config';
import { createLinkService } from '../../../svc/link-service/server';
import { fakeBackends } from '../../support/fake-backends';
import { createTestDatabase, type TestDatabase } from '../../support/postgres';
import { testLogger } from '../../support/silent-logger';

// The gateway in front of the real link service on real Postgres: search, tags and rename end to end.
let database: TestDatabase;
let linkService: { app: FastifyInstance; stop: () => Promise<void> };
let gateway: { app: FastifyInstance; stop: () => Promise<void> };

beforeAll(async () => {
  database = await createTestDatabase('gateway_search');
  const config = loadLinkServiceConfig({
    PORT: '0',
    DATABASE_URL: database.url,
    CALLER_AUTH_DISABLED: 'true',
  });
  linkService = await createLinkService(config, testLogger());
  const baseUrl = await linkService.app.listen({ port: 0, host: '127.0.0.1' });
  const backends = { ...fakeBackends(), links: new LinkManagerClient({ baseUrl }) };
  gateway = await createApiGatewayService(
    loadApiGatewayConfig({ PORT: '0', DEV_LOGIN_ENABLED: 'true', RATE_LIMIT_PER_MINUTE: '1000' }),
    testLogger(),
    backends,
  );
});
afterAll(async () => {
  await gateway?.stop();
  await linkService?.stop();
  await database?.drop();
});

async function login(username: string): Promise<Record<string, string>> {
  const response = await gateway.app.inject({
    method: 'POST',
    url: '/v1/dev/login',
    payload: { username, email: `${username}@example.com` },
  });
  return { authorization: `Bearer ${response.json().session}` };
}

async function call(headers: Record<string, string>, method: 'GET' | 'POST', url: string, payload?: object) {
  const response = await gateway.app.inject({ method, url, headers, payload });
  return { status: response.statusCode, body: response.json() };
}

const urlsOf = (body: { links: Array<{ url: string }> }) => body.links.map((link) => link.url);

describe('search and tags through the gateway', () => {
  it('searches what people type, ranked, paged, with tag: and -word', async () => {
    const ann = await login('ann');
    const links = [
      { url: 'https://kubernetes.io/docs', title: 'Kubernetes docs', tags: ['k8s', 'docs'] },
      { url: 'https://a.example/pods', title: 'Pods', description: 'Kubernetes pods explained' },
      { url: 'https://a.example/cafe', title: 'Le Café de Flore', tags: ['paris'] },
      { url: 'https://a.example/draft', title: 'Kubernetes draft' },
    ];
    for (const link of links) expect((await call(ann, 'POST', '/v1/links', link)).status).toBe(201);
    const eve = await login('eve');
    await call(eve, 'POST', '/v1/links', { url: 'https://kubernetes.io/', title: 'Kubernetes' });

    const kube = await call(ann, 'GET', '/v1/links?q=kube');
    expect(kube.status).toBe(200);
    // Title and url first, then title, then description; eve's link never.
    expect(urlsOf(kube.body)).toEqual([
      'https://kubernetes.io/docs',
      'https://a.example/draft',
      'https://a.example/pods',
    ]);
    expect(urlsOf((await call(ann, 'GET', '/v1/links?q=CAFE%20flore')).body)).toEqual([
      'https://a.example/cafe',
    ]);
    expect(urlsOf((await call(ann, 'GET', '/v1/links?q=kube%20-draft%20tag%3Adocs')).body)).toEqual([
      'https://kubernetes.io/docs',
    ]);

    const first = await call(ann, 'GET', '/v1/links?q=kube&limit=2');
    expect(first.body.links).toHaveLength(2);
    const second = await call(ann, 'GET', `/v1/links?q=kube&limit=2&start=${first.body.nextPageToken}`);
    expect([...urlsOf(first.body), ...urlsOf(second.body)]).toEqual(urlsOf(kube.body));
    expect(second.body.nextPageToken).toBe('');

    // The regex filters stay, case-sensitive as before.
    expect(urlsOf((await call(ann, 'GET', '/v1/links?title=kube')).body)).toEqual([]);
    const forged = await call(ann, 'GET', `/v1/links?start=${first.body.nextPageToken}`);
    expect(forged.status).toBe(400);
    expect(forged.body.error.code).toBe('INVALID_ARGUMENT');
    expect((await call(ann, 'GET', `/v1/links?q=${'a'.repeat(501)}`)).status).toBe(400);
  });

  it('finds imported links, and links an import updated, by their words', async () => {
    const cid = await login('cid');
    await call(cid, 'POST', '/v1/links', { url: 'https://a.example/kept', title: 'Kept' });
    const file = `<!DOCTYPE NETSCAPE-Bookmark-file-1>
<DL><p>
<DT><A HREF="https://a.example/imported">Élan vital</A>
<DT><A HREF="https://a.example/kept">Kept and renamed Zürich</A>
</DL>`;
    const imported = await gateway.app.inject({
      method: 'POST',
      url: '/v1/import',
      headers: { ...cid, 'content-type': 'text/html' },
      payload: file,
    });
    expect(imported.statusCode).toBe(200);
    expect(urlsOf((await call(cid, 'GET', '/v1/links?q=elan')).body)).toEqual(['https://a.example/imported']);
    expect(urlsOf((await call(cid, 'GET', '/v1/links?q=zurich')).body)).toEqual(['https://a.example/kept']);
  });

  it('lists tags with counts and renames one across the caller’s links only', async () => {
    const bea = await login('bea');
    const bob = await login('bob');
    await call(bea, 'POST', '/v1/links', { url: 'https://a.example/1', title: 'One', tags: ['k8s', 'ops'] });
    await call(bea, 'POST', '/v1/links', { url: 'https://a.example/2', title: 'Two', tags: ['k8s'] });
    await call(bea, 'POST', '/v1/links', {
      url: 'https://a.example/3',
      title: 'Three',
      tags: ['kubernetes'],
    });
    await call(bob, 'POST', '/v1/links', { url: 'https://a.example/1', title: 'One', tags: ['k8s'] });

    expect((await call(bea, 'GET', '/v1/tags')).body).toEqual({
      tags: [
        { tag: 'k8s', count: 2 },
        { tag: 'kubernetes', count: 1 },
        { tag: 'ops', count: 1 },
      ],
    });
    const renamed = await call(bea, 'POST', '/v1/tags/rename', { from: 'k8s', to: 'kubernetes' });
    expect(renamed).toEqual({ status: 200, body: { renamed: 2 } });
    expect((await call(bea, 'GET', '/v1/tags')).body.tags).toEqual([
      { tag: 'kubernetes', count: 3 },
      { tag: 'ops', count: 1 },
    ]);
    expect((await call(bob, 'GET', '/v1/tags')).body.tags).toEqual([{ tag: 'k8s', count: 1 }]);
    expect(urlsOf((await call(bea, 'GET', '/v1/links?q=tag%3Akubernetes')).body)).toHaveLength(3);

    const missing = await call(bea, 'POST', '/v1/tags/rename', { from: 'k8s', to: 'x' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    expect((await call(bea, 'POST', '/v1/tags/rename', { from: 'ops' })).status).toBe(400);
    expect((await call(bea, 'POST', '/v1/tags/rename', { from: 'ops', to: 'ops' })).status).toBe(400);
    const forUser = await call(bea, 'POST', '/v1/tags/rename', { username: 'bob', from: 'ops', to: 'x' });
    expect(forUser.status).toBe(400);
    expect((await call(bob, 'GET', '/v1/tags')).body.tags).toEqual([{ tag: 'k8s', count: 1 }]);
  });
});
