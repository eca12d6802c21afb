import type { FastifyInstance } from 'fastify';
import { loadUserServiceConfig } from '../../../svc/user-service/config';
import { createUserService } from '../../../svc/user-service/server';
import { testLogger } from '../../support/silent-logger';

let app: FastifyInstance;
let stop: () => Promise<void>;
beforeAll(async () => {
  ({ app, stop } = await createUserService(
    loadUserServiceConfig({ PORT: '0', CALLER_AUTH_DISABLED: 'true' }),
    testLogger(),
  ));
});
afterAll(async () => {
  await stop();
});

describe('user service over HTTP', () => {
  it.each([
    ['/register', { username: 'ann' }, 400, 'INVALID_ARGUMENT'],
    ['/register', { username: 5, email: 'a@example.com' }, 400, 'INVALID_ARGUMENT'],
    ['/register', { username: '../x', email: 'a@example.com' }, 400, 'INVALID_ARGUMENT'],
    ['/register', { username: 'ann', email: 'nope' }, 400, 'INVALID_ARGUMENT'],
    ['/login', { username: 'ghost', authToken: 'proof' }, 401, 'UNAUTHENTICATED'],
    ['/logout', { username: 'ghost', session: 'nope' }, 401, 'UNAUTHENTICATED'],
    ['/resolve-session', { session: 'nope' }, 401, 'UNAUTHENTICATED'],
  ])('POST %s %j answers %i %s and creates nobody', async (url, payload, status, code) => {
    const response = await app.inject({ method: 'POST', url, payload });
    expect(response.statusCode).toBe(status);
    expect(response.json()).toEqual({ error: { code, message: expect.any(String) } });
    expect((await app.inject({ method: 'GET', url: '/users/ann' })).statusCode).toBe(404);
  });

  it('serves readiness with the database and per-method metrics', async () => {
    await app.inject({
      method: 'POST',
      url: '/register',
      payload: { username: 'm', email: 'm@example.com' },
    });
    expect((await app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({
      status: 'ready',
      checks: { database: 'ok' },
    });
    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(
      /delinkcious_service_calls_total\{service="user-service",method="register",outcome="ok"\} 1/,
    );
  });

  it('serves feed tokens: create, check, revoke', async () => {
    await app.inject({
      method: 'POST',
      url: '/register',
      payload: { username: 'fay', email: 'fay@example.com' },
    });
    const created = await app.inject({ method: 'POST', url: '/feed-token', payload: { username: 'fay' } });
    expect(created.statusCode).toBe(200);
    const { token } = created.json();
    const check = () =>
      app.inject({ method: 'POST', url: '/feed-token/check', payload: { username: 'fay', token } });
    const checked = await check();
    // A live token answers a proof of its user, which the gateway reads the news feed with.
    expect(checked.statusCode).toBe(200);
    expect(checked.json()).toEqual({ proof: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/) });
    expect(
      (await app.inject({ method: 'POST', url: '/feed-token/revoke', payload: { username: 'fay' } }))
        .statusCode,
    ).toBe(204);
    expect((await check()).json().error.code).toBe('UNAUTHENTICATED');
  });
});
