import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * The book's spelling of the public API, so its HTTPie and curl examples work as printed
 * (README, "Following the book"): the `Access-Token: <token>` header stands for
 * `Authorization: Bearer <token>`, and `/v1.0/…` is `/v1/…` with the book's query names
 * (`url_regex`, `title_regex`, `description_regex`, `start_token`) and a comma-separated
 * `tags` string. Answers keep this API's shapes and status codes.
 */
export async function bookAliases(app: FastifyInstance): Promise<void> {
  // Before the rate limit and every route, so the alias is keyed and authenticated as the bearer is.
  app.addHook('onRequest', async (request) => {
    const token = request.headers['access-token'];
    if (typeof token === 'string' && request.headers.authorization === undefined)
      request.headers.authorization = `Bearer ${token}`;
  });

  app.route({
    method: ['GET', 'POST', 'PUT', 'DELETE'],
    url: '/v1.0/*',
    schema: { hide: true },
    // Counted once, by the /v1 route the request is handed to.
    config: { rateLimit: false },
    handler: async (request, reply) => {
      const response = await app.inject({
        method: request.method as 'GET' | 'POST' | 'PUT' | 'DELETE',
        url: v1Url(request.url),
        headers: forwardedHeaders(request),
        payload: request.body === undefined ? undefined : JSON.stringify(withTagList(request.body)),
        remoteAddress: request.ip,
      });
      const headers = Object.fromEntries(
        Object.entries(response.headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())),
      );
      return reply.code(response.statusCode).headers(headers).send(response.rawPayload);
    },
  });
}

const BOOK_QUERY_NAMES: Record<string, string> = {
  url_regex: 'url',
  title_regex: 'title',
  description_regex: 'description',
  start_token: 'start',
};

/** Headers the inner request computes itself. */
const HOP_BY_HOP = new Set(['content-length', 'transfer-encoding', 'connection', 'host']);

function v1Url(url: string): string {
  const parsed = new URL(url, 'http://gateway');
  const query = new URLSearchParams();
  for (const [name, value] of parsed.searchParams) query.append(BOOK_QUERY_NAMES[name] ?? name, value);
  const search = query.toString();
  return `${parsed.pathname.replace(/^\/v1\.0\//, '/v1/')}${search ? `?${search}` : ''}`;
}

function forwardedHeaders(request: FastifyRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers))
    if (typeof value === 'string' && !HOP_BY_HOP.has(name)) headers[name] = value;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  return headers;
}

/** The book sends `tags` as one string (`tags=k8s,go`); this API takes a list. */
function withTagList(body: unknown): unknown {
  if (!body || typeof body !== 'object' || typeof (body as { tags?: unknown }).tags !== 'string') return body;
  const tags = (body as { tags: string }).tags
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
  return { ...body, tags };
}
