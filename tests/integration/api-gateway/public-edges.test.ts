import type { FastifyInstance } from 'fastify';
import { InMemoryUserStore, UserService } from '../../../pkg/user-manager';
import { loadApiGatewayConfig } from '../../../svc/api-gateway-service/config';
import { createApiGatewayService } from '../../../svc/api-gateway-service/server';
import { fakeBackends } from '../../support/fake-backends';
import { testLogger } from '../../support/silent-logger';

/** A gateway with these settings, in front of fakes and a real user service. */
async function gateway(
  env: Record<string, string>,
): Promise<{ app: FastifyInstance; stop(): Promise<void> }> {
  const users = new UserService(new InMemoryUserStore(), { sessionTtlSeconds: 3600 });
  return createApiGatewayService(loadApiGatewayConfig({ PORT: '0', ...env }), testLogger(), {
    ...fakeBackends(),
    users,
  });
}

describe('GET /login with social login off', () => {
  it('says that it is off and which settings turn it on, in the SPEC error body', async () => {
    const { app, stop } = await gateway({});
    try {
      const routes = [
        { method: 'GET', url: '/login' },
        { method: 'GET', url: '/login/callback?code=a&state=b' },
        { method: 'POST', url: '/login/exchange', payload: { code: 'a', state: 'b' } },
      ] as const;
      for (const route of routes) {
        const response = await app.inject(route);
        expect(response.statusCode).toBe(404);
        const { error } = response.json();
        expect(error.code).toBe('NOT_FOUND');
        expect(error.message).toMatch(/social login is off/);
        for (const setting of ['OAUTH_CLIENT_ID', 'OAUTH_CLIENT_SECRET_FILE', 'OAUTH_REDIRECT_URL'])
          expect(error.message).toContain(setting);
      }
    } finally {
      await stop();
    }
  });
});

describe('the development login', () => {
  it('gives one answer whether the email or the username is the one taken', async () => {
    const { app, stop } = await gateway({ DEV_LOGIN_ENABLED: 'true' });
    const login = (username: string, email: string) =>
      app.inject({ method: 'POST', url: '/v1/dev/login', payload: { username, email } });
    try {
      expect((await login('alice', 'alice@example.com')).statusCode).toBe(200);
      const takenEmail = await login('mallory', 'alice@example.com');
      const takenName = await login('alice', 'mallory@example.com');
      expect(takenEmail.statusCode).toBe(409);
      expect(takenEmail.json()).toEqual(takenName.json());
      // Neither answer names which of the two clashed.
      expect(takenEmail.body).not.toMatch(/belongs|is taken/);
      // Asking about a registered and an unregistered address under a taken username: the same again.
      expect((await login('alice', 'nobody@example.com')).json()).toEqual(takenName.json());
    } finally {
      await stop();
    }
  });
});

describe('client addresses behind the ingress (TRUST_PROXY_HOPS)', () => {
  const proxy = '10.1.2.3';
  const statuses = async (app: FastifyInstance, forwardedFor: string, times: number) => {
    const seen: number[] = [];
    for (let i = 0; i < times; i++)
      seen.push(
        (
          await app.inject({
            method: 'GET',
            url: '/v1/me',
            remoteAddress: proxy,
            headers: { 'x-forwarded-for': forwardedFor },
          })
        ).statusCode,
      );
    return seen;
  };

  it('with one hop: each client behind the proxy has its own budget, and a forged X-Forwarded-For entry changes nothing', async () => {
    const { app, stop } = await gateway({ RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY_HOPS: '1' });
    try {
      expect(await statuses(app, '198.51.100.1', 3)).toEqual([401, 401, 429]);
      // The client put its own entries first; the proxy appended the address it saw.
      expect(await statuses(app, '1.1.1.1, 198.51.100.1', 1)).toEqual([429]);
      expect(await statuses(app, '2.2.2.2, 198.51.100.1', 1)).toEqual([429]);
      expect(await statuses(app, '198.51.100.2', 2)).toEqual([401, 401]);
    } finally {
      await stop();
    }
  });

  it('with none (npm start): X-Forwarded-For is ignored', async () => {
    const { app, stop } = await gateway({ RATE_LIMIT_PER_MINUTE: '2' });
    try {
      expect(await statuses(app, '198.51.100.1', 1)).toEqual([401]);
      expect(await statuses(app, '198.51.100.2', 2)).toEqual([401, 429]);
    } finally {
      await stop();
    }
  });
});

describe('with its Redis unreachable', () => {
  it('keeps serving: logins, calls and logout work, without shared limits', async () => {
    // Nothing listens on port 1.
    const { app, stop } = await gateway({ DEV_LOGIN_ENABLED: 'true', REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const login = await app.inject({
        method: 'POST',
        url: '/v1/dev/login',
        payload: { username: 'ann', email: 'ann@example.com' },
      });
      expect(login.statusCode).toBe(200);
      const auth = { authorization: `Bearer ${login.json().session}` };
      expect((await app.inject({ method: 'GET', url: '/v1/me', headers: auth })).statusCode).toBe(200);
      expect((await app.inject({ method: 'POST', url: '/logout', headers: auth })).statusCode).toBe(204);
      // The logout went through although its notice could not be published.
      expect((await app.inject({ method: 'GET', url: '/v1/me', headers: auth })).statusCode).toBe(401);
    } finally {
      await stop();
    }
  });
});

describe('CORS', () => {
  const preflight = (origin: string) => ({
    method: 'OPTIONS' as const,
    url: '/v1/links',
    headers: { origin, 'access-control-request-method': 'POST' },
  });

  it('answers a preflight from a listed origin, and no other', async () => {
    const { app, stop } = await gateway({ CORS_ORIGINS: 'https://app.example.com, https://b.example.com' });
    try {
      const listed = await app.inject(preflight('https://b.example.com'));
      expect(listed.statusCode).toBe(204);
      expect(listed.headers['access-control-allow-origin']).toBe('https://b.example.com');
      const other = await app.inject(preflight('https://evil.example.com'));
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
      const simple = await app.inject({
        method: 'GET',
        url: '/healthz',
        headers: { origin: 'https://app.example.com' },
      });
      expect(simple.headers['access-control-allow-origin']).toBe('https://app.example.com');
    } finally {
      await stop();
    }
  });

  it('allows no cross-origin call when no origin is listed: a preflight is an unknown method there', async () => {
    const { app, stop } = await gateway({});
    try {
      const answer = await app.inject(preflight('https://app.example.com'));
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
      expect(answer.statusCode).toBe(405);
      expect(answer.headers.allow).toContain('POST');
      const simple = await app.inject({
        method: 'GET',
        url: '/healthz',
        headers: { origin: 'https://app.example.com' },
      });
      expect(simple.statusCode).toBe(200);
      expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await stop();
    }
  });
});
