import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadApiGatewayConfig } from '../../../svc/api-gateway-service/config';
import { LOOPBACK_REDIRECT_RULE } from '../../../svc/api-gateway-service/loopback-redirect';
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

/** A command-line login: GET /login with its loopback address and state, through the provider, to the callback. */
async function loopbackLogin(redirectUri: string, state = 'cli-state-0123456789abcdef', gateway = app) {
  const { url, cookies } = await startLogin(gateway, { redirect_uri: redirectUri, state });
  return gateway.inject({ method: 'GET', url, cookies });
}

const exchange = (payload: Record<string, unknown>, gateway = app) =>
  gateway.inject({ method: 'POST', url: '/login/exchange', payload });

const UNKNOWN_CODE = 'this login code is unknown, already used or expired; run the login again';

describe('social login for a command-line client, ending at its loopback address', () => {
  it.each(['http://127.0.0.1:49152/callback', 'http://[::1]:50000/cb?from=cli', 'http://127.0.0.1:8/'])(
    'sends the browser to %s with a one-time code, traded once for a working session',
    async (redirectUri) => {
      const state = 'cli-state-0123456789abcdef';
      const done = await loopbackLogin(redirectUri, state);
      expect(done.statusCode).toBe(302);
      const back = new URL(done.headers.location as string);
      expect(`${back.origin}${back.pathname}`).toBe(
        `${new URL(redirectUri).origin}${new URL(redirectUri).pathname}`,
      );
      expect(back.searchParams.get('state')).toBe(state);
      if (redirectUri.includes('from=cli')) expect(back.searchParams.get('from')).toBe('cli');
      const code = back.searchParams.get('code')!;
      expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
      // The session itself never travels in the address.
      expect(done.body).toBe('');

      const traded = await exchange({ code, state });
      expect(traded.statusCode).toBe(200);
      const session = traded.json();
      expect(session).toEqual({
        session: expect.any(String),
        username: 'octocat',
        email: 'octocat@example.com',
      });
      expect(back.href).not.toContain(session.session);
      const me = await app.inject({
        method: 'GET',
        url: '/v1/me',
        headers: { authorization: `Bearer ${session.session}` },
      });
      expect(me.json()).toEqual({ username: 'octocat', email: 'octocat@example.com' });

      const again = await exchange({ code, state });
      expect([again.statusCode, again.json().error]).toEqual([
        401,
        { code: 'UNAUTHENTICATED', message: UNKNOWN_CODE },
      ]);
    },
  );

  it.each([
    'http://localhost:5000/callback',
    'http://example.com:5000/callback',
    'http://127.0.0.1.example.com:5000/callback',
    'http://127.0.0.1:5000@example.com/callback',
    'http://127.0.0.2:5000/callback',
    'http://10.0.0.1:5000/callback',
    'http://[::ffff:127.0.0.1]:5000/callback',
    'https://127.0.0.1:5000/callback',
    'http://127.0.0.1/callback',
    'http://127.0.0.1:0/callback',
    'http://127.0.0.1:65536/callback',
    'http://127.0.0.1:5000',
    'http://[::1]:5000/callback#fragment',
    '//127.0.0.1:5000/callback',
    'javascript:alert(1)//127.0.0.1:5000/',
    `http://127.0.0.1:5000/${'a'.repeat(300)}`,
  ])('refuses the redirect address %s with a 400 and sends nobody anywhere', async (redirectUri) => {
    const start = await app.inject({
      method: 'GET',
      url: '/login',
      query: { redirect_uri: redirectUri, state: 'cli-state-0123456789abcdef' },
    });
    expect(start.statusCode).toBe(400);
    expect(start.json()).toEqual({ error: { code: 'INVALID_ARGUMENT', message: expect.any(String) } });
    if (redirectUri.length <= 300) expect(start.json().error.message).toBe(LOOPBACK_REDIRECT_RULE);
    expect(start.headers.location).toBeUndefined();
    expect(start.cookies).toEqual([]);
  });

  it('needs redirect_uri and state together, and a state of 16 to 128 url-safe characters', async () => {
    const start = (query: Record<string, string>) => app.inject({ method: 'GET', url: '/login', query });
    const halves: Array<Record<string, string>> = [
      { redirect_uri: 'http://127.0.0.1:5000/callback' },
      { state: 'cli-state-0123456789abcdef' },
    ];
    for (const query of halves) {
      const refused = await start(query);
      expect([refused.statusCode, refused.json().error]).toEqual([
        400,
        { code: 'INVALID_ARGUMENT', message: 'redirect_uri and state go together: give both, or neither' },
      ]);
    }
    for (const state of ['short', 'x'.repeat(129), 'has spaces in it, sixteen+']) {
      const refused = await start({ redirect_uri: 'http://127.0.0.1:5000/callback', state });
      expect([refused.statusCode, refused.json().error.code]).toEqual([400, 'INVALID_ARGUMENT']);
      expect(refused.json().error.message).toMatch(/16 to 128 letters, digits, - or _/);
    }
  });

  it('trades a code only with the state of its login, and a wrong state spends it', async () => {
    const done = await loopbackLogin('http://127.0.0.1:49152/callback', 'the-right-state-0123456789');
    const code = new URL(done.headers.location as string).searchParams.get('code')!;
    const crossed = await exchange({ code, state: 'another-state-0123456789' });
    expect([crossed.statusCode, crossed.json().error]).toEqual([
      401,
      { code: 'UNAUTHENTICATED', message: 'this login code belongs to another login; run the login again' },
    ]);
    // Whoever tried it may have stolen it: the code is gone for the right state too.
    const late = await exchange({ code, state: 'the-right-state-0123456789' });
    expect([late.statusCode, late.json().error.message]).toEqual([401, UNKNOWN_CODE]);
    const madeUp = await exchange({ code: 'a'.repeat(43), state: 'the-right-state-0123456789' });
    expect([madeUp.statusCode, madeUp.json().error.message]).toEqual([401, UNKNOWN_CODE]);
  });

  it('answers 400 to an exchange without its code or state', async () => {
    for (const payload of [{ code: 'abc' }, { state: 'abc' }, { code: 'abc', state: 'abc', extra: 1 }]) {
      const refused = await exchange(payload);
      expect([refused.statusCode, refused.json().error.code]).toEqual([400, 'INVALID_ARGUMENT']);
    }
  });

  it('sends a failed login to the loopback address too, with an OAuth2 error and the reason', async () => {
    const state = 'cli-state-0123456789abcdef';
    const redirectUri = 'http://127.0.0.1:49152/callback';
    const failureAt = (location: string | string[] | undefined) => {
      const back = new URL(location as string);
      expect(`${back.origin}${back.pathname}`).toBe(redirectUri);
      expect(back.searchParams.get('code')).toBeNull();
      return Object.fromEntries(back.searchParams);
    };

    // The provider refuses the code (here: a replayed one).
    const { url, cookies } = await startLogin(app, { redirect_uri: redirectUri, state });
    expect((await app.inject({ method: 'GET', url, cookies })).statusCode).toBe(302);
    const replayed = await app.inject({ method: 'GET', url, cookies });
    expect(replayed.statusCode).toBe(302);
    expect(failureAt(replayed.headers.location)).toEqual({
      error: 'access_denied',
      error_description: 'the identity provider refused the login (invalid_grant)',
      state,
    });

    // The person declines at the provider, which sends them back with an error and no code.
    const declined = await startLogin(app, { redirect_uri: redirectUri, state });
    const providerState = new URL(declined.url, 'http://gateway').searchParams.get('state')!;
    const back = await app.inject({
      method: 'GET',
      url: `/login/callback?error=access_denied&state=${providerState}`,
      cookies: declined.cookies,
    });
    expect(back.statusCode).toBe(302);
    expect(failureAt(back.headers.location)).toEqual({
      error: 'access_denied',
      error_description: 'the identity provider did not sign you in (access_denied)',
      state,
    });
  });

  it('refuses a forged callback in the browser, so that it cannot end a command-line login', async () => {
    const pending = await startLogin(app, {
      redirect_uri: 'http://127.0.0.1:49152/callback',
      state: 'cli-state-0123456789abcdef',
    });
    for (const url of [
      '/login/callback?code=abc&state=forged',
      '/login/callback?error=access_denied&state=forged',
    ]) {
      const forged = await app.inject({ method: 'GET', url, cookies: pending.cookies });
      expect(forged.headers.location).toBeUndefined();
      expect([forged.statusCode, forged.json().error.code]).toEqual(
        url.includes('code=') ? [401, 'UNAUTHENTICATED'] : [400, 'INVALID_ARGUMENT'],
      );
    }
  });

  it('cannot hand over a login while the shared state (Redis) holding the codes is unreachable: 503', async () => {
    const config = loadApiGatewayConfig({
      PORT: '0',
      ...provider.gatewayEnv(join(dir, 'client-secret')),
      // Nothing listens on port 1.
      REDIS_URL: 'redis://127.0.0.1:1',
    });
    const cut = await createApiGatewayService(config, testLogger(), fakeBackends());
    try {
      // The callback cannot store the code: the CLI is told at once, with the reason.
      const done = await loopbackLogin('http://127.0.0.1:49152/callback', undefined, cut.app);
      expect(done.statusCode).toBe(302);
      const back = new URL(done.headers.location as string).searchParams;
      expect([back.get('code'), back.get('error'), back.get('error_description')]).toEqual([
        null,
        'temporarily_unavailable',
        'the gateway cannot reach its shared state (Redis); try again',
      ]);
      const traded = await exchange({ code: 'a'.repeat(43), state: 'cli-state-0123456789abcdef' }, cut.app);
      expect([traded.statusCode, traded.json().error.code]).toEqual([503, 'UNAVAILABLE']);
    } finally {
      await cut.stop();
    }
  });

  it('keeps the browser login as it was: without redirect_uri the callback answers the session', async () => {
    const { status, body } = await browserLogin();
    expect(status).toBe(200);
    expect(body).toMatchObject({ username: 'octocat', session: expect.any(String) });
  });

  it('refuses a loopback login when the provider sends the browser to a web app page, not /login/callback', async () => {
    const config = loadApiGatewayConfig({
      PORT: '0',
      ...provider.gatewayEnv(join(dir, 'client-secret')),
      OAUTH_REDIRECT_URL: 'http://localhost:5000/signin/callback',
    });
    const webAppCallback = await createApiGatewayService(config, testLogger(), fakeBackends());
    try {
      const start = await webAppCallback.app.inject({
        method: 'GET',
        url: '/login',
        query: { redirect_uri: 'http://127.0.0.1:5000/callback', state: 'cli-state-0123456789abcdef' },
      });
      expect([start.statusCode, start.json().error]).toEqual([
        400,
        {
          code: 'INVALID_ARGUMENT',
          message:
            'a login cannot end at a loopback address on this server: its OAUTH_REDIRECT_URL is a web app page, not /login/callback',
        },
      ]);
      expect((await webAppCallback.app.inject({ method: 'GET', url: '/login' })).statusCode).toBe(302);
    } finally {
      await webAppCallback.stop();
    }
  });
});
