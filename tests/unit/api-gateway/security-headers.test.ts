import Fastify from 'fastify';
import fp from 'fastify-plugin';
import { helmetHeaders, securityHeaders } from '../../../svc/api-gateway-service/security-headers';

describe("the gateway's security headers", () => {
  it("are helmet's, with the CSP left out as configured", () => {
    const { set, removed } = helmetHeaders({ contentSecurityPolicy: false });
    const names = set.map(([name]) => name.toLowerCase());
    expect(names).toEqual(
      expect.arrayContaining([
        'strict-transport-security',
        'x-content-type-options',
        'x-frame-options',
        'referrer-policy',
        'cross-origin-opener-policy',
      ]),
    );
    expect(names).not.toContain('content-security-policy');
    expect(removed).toContain('X-Powered-By');
    expect(helmetHeaders({}).set.map(([name]) => name)).toContain('Content-Security-Policy');
  });

  it('are on every answer: a route, an error and an unknown path', async () => {
    const app = Fastify();
    await app.register(fp((scope) => securityHeaders(scope, { contentSecurityPolicy: false })));
    app.get('/ok', async () => ({ ok: true }));
    app.get('/fails', async () => {
      throw new Error('boom');
    });
    try {
      for (const url of ['/ok', '/fails', '/nowhere']) {
        const response = await app.inject({ method: 'GET', url });
        expect(response.headers['x-content-type-options']).toBe('nosniff');
        expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
        expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      }
    } finally {
      await app.close();
    }
  });
});
