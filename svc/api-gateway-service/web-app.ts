import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { errorBody } from '../../pkg/kit';
import type { ApiGatewayConfig } from './config';

/** The app's pages: each answers index.html, and the app shows the page the address names. */
export const WEB_APP_PAGES = ['/', '/news', '/people', '/save', '/signin/callback', '/tags'] as const;

/**
 * Only this origin's own files run or style the app: no inline script or style, no eval,
 * no other site's code, no framing (the bookmarklet opens a window, it never frames us).
 */
export const WEB_APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Where `npm run build` puts the bundled app (pkg/web-app/build.mjs): next to the compiled
 * gateway, or, when the gateway runs from its TypeScript sources (tests), in the checkout's dist/.
 */
function builtApp(): string {
  const besideGateway = resolve(__dirname, '../../pkg/web-app');
  return existsSync(join(besideGateway, 'index.html'))
    ? besideGateway
    : resolve(__dirname, '../../dist/pkg/web-app');
}

/**
 * The web app (pkg/web-app) at `/`: its pages, its static assets under /assets/, and the
 * settings it reads to offer the ways of signing in that this gateway has turned on.
 * Everything it serves carries the strict Content-Security-Policy above.
 */
export function webApp(config: ApiGatewayConfig, options: { builtApp?: string } = {}) {
  const root = options.builtApp ?? builtApp();
  const settings = {
    devLogin: config.DEV_LOGIN_ENABLED,
    socialLogin: Boolean(config.OAUTH_CLIENT_ID && config.OAUTH_CLIENT_SECRET_FILE),
  };
  return async (app: FastifyInstance): Promise<void> => {
    // A scope of its own, so the CSP hook and the static-file decorators stay on the app's routes.
    await app.register(async (scope) => {
      scope.addHook('onSend', async (_request, reply) => {
        void reply.header('content-security-policy', WEB_APP_CSP);
      });
      scope.get('/web-app/settings.json', { schema: { hide: true } }, async () => settings);

      if (!existsSync(join(root, 'index.html'))) {
        app.log.warn({ root }, 'the web app is not built (npm run build): its pages answer 503');
        for (const page of WEB_APP_PAGES) {
          scope.get(page, { schema: { hide: true } }, async (_request, reply) =>
            reply.code(503).send(errorBody('UNAVAILABLE', 'the web app is not built: run npm run build')),
          );
        }
        return;
      }
      // max-age=0 with an ETag: browsers revalidate, so a new build reaches them at once.
      await scope.register(fastifyStatic, {
        root: join(root, 'assets'),
        prefix: '/assets/',
        index: false,
        maxAge: 0,
      });
      for (const page of WEB_APP_PAGES) {
        scope.get(page, { schema: { hide: true } }, async (_request, reply) =>
          reply.sendFile('index.html', root),
        );
      }
    });
  };
}
