import type { FastifyInstance } from 'fastify';
import { loadApiGatewayConfig } from '../../svc/api-gateway-service/config';
import { createApiGatewayService } from '../../svc/api-gateway-service/server';
import { WEB_APP_PAGES } from '../../svc/api-gateway-service/web-app';
import { fakeBackends } from '../support/fake-backends';
import { testLogger } from '../support/silent-logger';
import { OVERLAYS, generatedConfigMap, named, ofKind, renderOverlay } from './manifests';

interface IngressPath {
  path: string;
  pathType: string;
  backend: { service: { name: string; port: { name: string } } };
}

/** The public API and the web app: everything a browser or client needs, nothing an operator does. */
const PUBLIC = [
  { path: '/v1', pathType: 'Prefix' },
  { path: '/login', pathType: 'Prefix' },
  { path: '/logout', pathType: 'Exact' },
  { path: '/feeds', pathType: 'Prefix' },
  { path: '/docs', pathType: 'Prefix' },
  { path: '/openapi.json', pathType: 'Exact' },
  // The web app: each page, its assets and the settings it reads.
  ...WEB_APP_PAGES.map((path) => ({ path, pathType: 'Exact' })),
  { path: '/assets', pathType: 'Prefix' },
  { path: '/web-app', pathType: 'Prefix' },
];

let gateway: { app: FastifyInstance; stop(): Promise<void> };
beforeAll(async () => {
  gateway = await createApiGatewayService(loadApiGatewayConfig({ PORT: '0' }), testLogger(), fakeBackends());
});
afterAll(() => gateway.stop());

/** Whether an Ingress path of this type sends `url` on (Kubernetes matches Prefix by whole segments). */
function routes({ path, pathType }: { path: string; pathType: string }, url: string): boolean {
  return pathType === 'Exact' ? url === path : url === path || url.startsWith(`${path}/`);
}

describe.each(OVERLAYS)('the Ingress of overlay %s', (overlay) => {
  const objects = renderOverlay(overlay);
  const ingresses = ofKind(objects, 'Ingress');
  const paths = ingresses.flatMap((ingress) =>
    (ingress.spec as { rules: Array<{ http: { paths: IngressPath[] } }> }).rules.flatMap(
      (rule) => rule.http.paths,
    ),
  );

  it('routes the public paths, and only those, to the gateway', () => {
    expect(ingresses.map((ingress) => ingress.metadata.name)).toEqual(['api-gateway-service']);
    expect(paths.map(({ path, pathType }) => ({ path, pathType }))).toEqual(PUBLIC);
    for (const { backend } of paths)
      expect(backend.service).toEqual({ name: 'api-gateway-service', port: { name: 'http' } });
  });

  it('keeps metrics and probes inside the cluster, and reaches a real route of the gateway on every path', async () => {
    for (const hidden of [
      '/metrics',
      '/healthz',
      '/readyz',
      '/newsx',
      '/v1x',
      '/loginx',
      '/feedsx',
      '/metrics/',
    ])
      expect([hidden, paths.some((p) => routes(p, hidden))]).toEqual([hidden, false]);
    for (const url of [
      '/v1/me',
      '/login',
      '/login/callback',
      '/login/exchange',
      '/logout',
      '/feeds/gigi/news.atom',
      '/docs',
      '/openapi.json',
      ...WEB_APP_PAGES,
      '/web-app/settings.json',
    ]) {
      expect([url, paths.some((p) => routes(p, url))]).toEqual([url, true]);
      const method = url === '/logout' || url === '/login/exchange' ? 'POST' : 'GET';
      const answer = await gateway.app.inject({ method, url });
      // Served by a route of the gateway, not its "no route" answer.
      expect([url, answer.statusCode === 404 && /no route/.test(answer.body)]).toEqual([url, false]);
    }
  });

  it('is the one proxy the gateway trusts, and the gateway shares its state through its own Redis', () => {
    const config = generatedConfigMap(objects, 'api-gateway-service-config').data!;
    expect(config.TRUST_PROXY_HOPS).toBe(String(ingresses.length));
    expect(new URL(config.REDIS_URL).hostname).toBe('gateway-redis');
    expect(named(objects, 'StatefulSet', 'gateway-redis').kind).toBe('StatefulSet');
  });
});
