import type { FastifyInstance } from 'fastify';
import { loadApiGatewayConfig } from '../../../svc/api-gateway-service/config';
import { createApiGatewayService } from '../../../svc/api-gateway-service/server';
import { describeErrorBodies } from '../../support/error-bodies';
import { fakeBackends } from '../../support/fake-backends';
import { testLogger } from '../../support/silent-logger';

let app: FastifyInstance;
let stop: () => Promise<void>;
let base: string;
beforeAll(async () => {
  ({ app, stop } = await createApiGatewayService(
    loadApiGatewayConfig({ PORT: '0', BODY_LIMIT_BYTES: '4096', RATE_LIMIT_PER_MINUTE: '1000' }),
    testLogger(),
    fakeBackends(),
  ));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => stop());

describeErrorBodies('the gateway', {
  base: () => base,
  jsonRoute: { method: 'POST', path: '/v1/links' },
  getOnlyPath: { path: '/v1/me', allow: 'GET, HEAD', wrongMethod: 'DELETE' },
  tooLargeBody: 8192,
});

const codeOf = async (response: Response) =>
  ((await response.json()) as { error: { code: string } }).error.code;

describe('the gateway beside the web app', () => {
  it('answers unknown API paths, and web-app pages asked with another method, in JSON', async () => {
    const unknown = await fetch(`${base}/v1/unknown/path`);
    expect([unknown.status, await unknown.json()]).toEqual([
      404,
      { error: { code: 'NOT_FOUND', message: 'no route GET /v1/unknown/path' } },
    ]);
    const asset = await fetch(`${base}/assets/no-such-file.js`);
    expect([asset.status, await codeOf(asset)]).toEqual([404, 'NOT_FOUND']);
    const page = await fetch(`${base}/news`, { method: 'POST' });
    expect([page.status, page.headers.get('allow'), await codeOf(page)]).toEqual([
      405,
      'GET, HEAD',
      'METHOD_NOT_ALLOWED',
    ]);
  });
});
