import type { FastifyInstance } from 'fastify';
import { loadLinkServiceConfig } from '../../../svc/link-service/config';
import { createLinkService } from '../../../svc/link-service/server';
import { loadUserServiceConfig } from '../../../svc/user-service/config';
import { createUserService } from '../../../svc/user-service/server';
import { createTestDatabase, type TestDatabase } from '../../support/postgres';
import { testLogger } from '../../support/silent-logger';

let database: TestDatabase;
const services: Array<{ app: FastifyInstance; stop(): Promise<void> }> = [];
let links: FastifyInstance;
let users: FastifyInstance;
beforeAll(async () => {
  database = await createTestDatabase('unstorable_text');
  services.push(
    await createLinkService(
      loadLinkServiceConfig({ CALLER_AUTH_DISABLED: 'true', PORT: '0', DATABASE_URL: database.url }),
      testLogger(),
    ),
  );
  services.push(
    await createUserService(
      loadUserServiceConfig({ CALLER_AUTH_DISABLED: 'true', PORT: '0', DATABASE_URL: database.url }),
      testLogger(),
    ),
  );
  [links, users] = services.map((service) => service.app);
});
afterAll(async () => {
  for (const service of services) await service.stop();
  await database.drop();
});

const refusal = (field: string) => ({
  error: { code: 'INVALID_ARGUMENT', message: `${field} must not contain NUL characters or lone surrogates` },
});
const link = { username: 'gigi', url: 'https://a.example/', title: 'A' };

describe('text Postgres cannot store, sent straight to a service (not through the gateway)', () => {
  it.each([
    ['title', { ...link, title: 'a\u0000b' }, 'body title'],
    ['description', { ...link, description: '\ud800' }, 'body description'],
    ['a tag', { ...link, tags: ['ok', 'x\udfff'] }, 'body tags.1'],
    ['the url', { ...link, url: 'https://a.example/\u0000' }, 'body url'],
  ])('POST /links refuses NUL or a lone surrogate in %s, naming the field', async (_what, payload, field) => {
    const response = await links.inject({ method: 'POST', url: '/links', payload });
    expect([response.statusCode, response.json()]).toEqual([400, refusal(field)]);
  });

  it('PUT /links refuses them in addTags and removeTags', async () => {
    for (const field of ['addTags', 'removeTags']) {
      const payload = { username: 'gigi', url: link.url, [field]: ['\u0000'] };
      const response = await links.inject({ method: 'PUT', url: '/links', payload });
      expect([response.statusCode, response.json()]).toEqual([400, refusal(`body ${field}.0`)]);
    }
  });

  // A query string cannot carry a lone surrogate: its UTF-8-like bytes decode to U+FFFD, which is storable.
  it('GET /links refuses NUL in every filter and in the page token', async () => {
    for (const name of ['tag', 'url', 'title', 'description', 'start']) {
      const response = await links.inject({ method: 'GET', url: `/links?username=gigi&${name}=a%00` });
      expect({ name, status: response.statusCode, body: response.json() }).toEqual({
        name,
        status: 400,
        body: refusal(`querystring ${name}`),
      });
    }
  });

  it('the user service refuses them in an email', async () => {
    const response = await users.inject({
      method: 'POST',
      url: '/register',
      payload: { username: 'gigi', email: 'g\u0000@example.com' },
    });
    expect([response.statusCode, response.json()]).toEqual([400, refusal('body email')]);
  });

  it('accepts well-formed text outside the BMP (a surrogate pair is one character)', async () => {
    const response = await links.inject({
      method: 'POST',
      url: '/links',
      payload: { ...link, title: 'ok 😀' },
    });
    expect(response.statusCode).toBe(201);
  });
});
