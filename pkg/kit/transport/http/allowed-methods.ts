import type { FastifyInstance } from 'fastify';

/** `/users/:username` as a regular expression over concrete paths. */
function pathPattern(url: string): RegExp {
  const parts = url.split('/').map((part) => {
    if (part.startsWith(':')) return '[^/]+';
    if (part === '*') return '.*';
    return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  return new RegExp(`^${parts.join('/')}/?$`);
}

/**
 * The methods each path answers, collected as routes are added, so that a request whose
 * path exists under another method gets 405 with `Allow` instead of 404. Catch-all routes
 * (CORS preflight's `OPTIONS *`) and the HEAD twins of GET routes name no path of their own.
 */
export function trackAllowedMethods(app: FastifyInstance): (path: string) => string[] {
  const routes: Array<{ pattern: RegExp; methods: string[] }> = [];
  app.addHook('onRoute', (route) => {
    if (route.url === '*' || route.url === '/*') return;
    const methods = [route.method].flat().filter((method) => method !== 'HEAD');
    if (methods.length > 0) routes.push({ pattern: pathPattern(route.url), methods });
  });
  return (path) => [
    ...new Set(routes.filter(({ pattern }) => pattern.test(path)).flatMap(({ methods }) => methods)),
  ];
}
