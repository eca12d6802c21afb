import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadApiGatewayConfig } from '../../../svc/api-gateway-service/config';
import { createApiGatewayService } from '../../../svc/api-gateway-service/server';
import { fakeBackends } from '../../support/fake-backends';
import { TestOAuth2Provider } from '../../support/oauth2-provider';
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

/** The browser's part: follow /login to the provider and back to the callback. */
async function browserLogin(): Promise<{ status: number; body: Record<string, unknown> }> {
  const start = await app.inject({ method: 'GET', url: '/login' });
  expect(start.statusCode).toBe(302);
  const authorize = new URL(start.headers.location as string);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  const atProvider = await fetch(authorize, { redirect: 'manual' });
  const callback = new URL(atProvider.headers.get('location') as string);
  const done = await app.inject({ method: 'GET', url: `${callback.pathname}${callback.search}` });
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

    const start = await app.inject({ method: 'GET', url: '/login' });
    const atProvider = await fetch(new URL(start.headers.location as string), { redirect: 'manual' });
    const callback = new URL(atProvider.headers.get('location') as string);
    const url = `${callback.pathname}${callback.search}`;
    expect((await app.inject({ method: 'GET', url })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url })).statusCode).toBe(401);
  });

  it('answers a callback without code with a 400', async () => {
    const response = await app.inject({ method: 'GET', url: '/login/callback' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('INVALID_ARGUMENT');
  });
});
