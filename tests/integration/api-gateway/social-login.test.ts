import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadApiGatewayConfig } from '../../../svc/api-gateway-service/config';
import { createApiGatewayService } from '../../../svc/api-gateway-service/server';
import { fakeBackends } from '../../support/fake-backends';
import { TestOAuth2Provider, startLogin } from '../../support/oauth2-provider';
import { testLogger } from '../../support/silent-logger';

let provider: TestOAuth2Provider;
let app: FastifyInstance;
let stop: () => Promise<void>;
const dir = mkdtempSync(join(tmpdir(), 'dlk-oauth-'));

beforeAll(async () => {
  provider = await new TestOAuth2Provider().start();
  const secretFile = join(dir, 'client-secret');
  writeFileSync(secretFile, `${provider.clientSecret}\n`);
  const config = loadApiGatewayConfig({ PORT: '0', ...provider.gatewayEnv(secretFile) });
  ({ app, stop } = await createApiGatewayService(config, testLogger(), fakeBackends()));
});
afterAll(async () => {
  await stop();
  await provider.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The browser's part: follow /login to the provider and back to the callback, with the login cookie. */
async function browserLogin(): Promise<{ status: number; body: Record<string, unknown> }> {
  const { url, cookies } = await startLogin(app);
  const done = await app.inject({ method: 'GET', url, cookies });
  return { status: done.statusCode, body: done.json() };
}

describe('social login through a real OAuth2 server', () => {
  it('registers the provider’s user, opens a session that works, and logout ends it', async () => {
    const { status, body } = await browserLogin();
    expect(status).toBe(200);
    expect(body).toEqual({ session: expect.any(String), username: 'octocat', email: 'octocat@example.com' });
    const auth = { authorization: `Bearer ${body.session}` };
    expect((await app.inject({ method: 'GET', url: '/v1/me', headers: auth })).json()).toEqual({
      username: 'octocat',
      email: 'octocat@example.com',
    });
    // Logging in again is not an error: the same user, a second live session.
    expect((await browserLogin()).body.username).toBe('octocat');
    expect((await app.inject({ method: 'POST', url: '/logout', headers: auth })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/v1/me', headers: auth })).statusCode).toBe(401);
  });

  it('refuses a callback with a forged state or a replayed code', async () => {
    const forged = await app.inject({ method: 'GET', url: '/login/callback?code=abc&state=forged' });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe('UNAUTHENTICATED');

    const { url, cookies } = await startLogin(app);
    expect((await app.inject({ method: 'GET', url, cookies })).statusCode).toBe(200);
    // The same browser replaying its callback, cookie and all: the provider refuses the spent code.
    expect((await app.inject({ method: 'GET', url, cookies })).statusCode).toBe(401);
  });

  it('refuses a replayed code also from a provider that refuses with status 200, as GitHub does', async () => {
    provider.refusesWithStatus200 = true;
    try {
      const { url, cookies } = await startLogin(app);
      expect((await app.inject({ method: 'GET', url, cookies })).statusCode).toBe(200);
      const replayed = await app.inject({ method: 'GET', url, cookies });
      expect([replayed.statusCode, replayed.json().error.message]).toEqual([
        401,
        'the identity provider refused the login (invalid_grant)',
      ]);
    } finally {
      provider.refusesWithStatus200 = false;
    }
  });

  it('refuses a callback without the login cookie, or with the cookie of another login', async () => {
    const first = await startLogin(app);
    const second = await startLogin(app);
    const without = await app.inject({ method: 'GET', url: first.url });
    expect([without.statusCode, without.json().error.code]).toEqual([401, 'UNAUTHENTICATED']);
    const crossed = await app.inject({ method: 'GET', url: first.url, cookies: second.cookies });
    expect([crossed.statusCode, crossed.json().error.code]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('keeps the pending login in a signed, HttpOnly, SameSite=Lax cookie that lives 10 minutes', async () => {
    const start = await app.inject({ method: 'GET', url: '/login' });
    const [cookie] = start.cookies;
    expect(cookie).toMatchObject({ name: 'delinkcious_login', httpOnly: true, sameSite: 'Lax', maxAge: 600 });
    expect(cookie.path).toBe('/login');
    // Nothing of it is readable as the state the provider sees: it is signed, not a bare value.
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9+/]+$/);
  });

  it('survives a flood of GET /login: each login is in its own browser, none is evicted', async () => {
    const mine = await startLogin(app);
    // From another address (the flood has its own rate-limit budget, and exhausts it).
    for (let i = 0; i < 2000; i++)
      await app.inject({ method: 'GET', url: '/login', remoteAddress: '192.0.2.7' });
    expect((await app.inject({ method: 'GET', url: mine.url, cookies: mine.cookies })).statusCode).toBe(200);
  });

  it('answers 503 when the provider cannot be reached, and the login may simply be tried again', async () => {
    const secretFile = join(dir, 'client-secret');
    const config = loadApiGatewayConfig({
      PORT: '0',
      ...provider.gatewayEnv(secretFile),
      // Nothing listens on port 1.
      OAUTH_TOKEN_URL: 'http://127.0.0.1:1/token',
    });
    const cut = await createApiGatewayService(config, testLogger(), fakeBackends());
    try {
      const { url, cookies } = await startLogin(cut.app);
      const response = await cut.app.inject({ method: 'GET', url, cookies });
      expect([response.statusCode, response.json().error.code]).toEqual([503, 'UNAVAILABLE']);
    } finally {
      await cut.stop();
    }
  });

  it('answers a callback without code with a 400', async () => {
    const response = await app.inject({ method: 'GET', url: '/login/callback' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('INVALID_ARGUMENT');
  });
});
