import { createHash, randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';

/**
 * A browser's first half of a social login against a gateway: GET /login, the provider's
 * authorization, and the callback it sends back (to be opened with the login cookie).
 */
export async function startLogin(
  gateway: FastifyInstance,
  /** The query of GET /login: a command-line login's `redirect_uri` and `state`. */
  query: Record<string, string> = {},
): Promise<{ url: string; cookies: Record<string, string> }> {
  const start = await gateway.inject({ method: 'GET', url: '/login', query });
  if (start.statusCode !== 302) throw new Error(`GET /login answered ${start.statusCode}: ${start.body}`);
  const authorize = new URL(start.headers.location as string);
  if (authorize.searchParams.get('code_challenge_method') !== 'S256')
    throw new Error('no PKCE S256 challenge');
  const atProvider = await fetch(authorize, { redirect: 'manual' });
  const callback = new URL(atProvider.headers.get('location') as string);
  const cookies = Object.fromEntries(start.cookies.map((cookie) => [cookie.name, cookie.value]));
  return { url: `${callback.pathname}${callback.search}`, cookies };
}

/**
 * A real OAuth2 authorization server on loopback (authorization code + PKCE S256),
 * standing in for GitHub in tests: it signs in whichever user the test names.
 */
export class TestOAuth2Provider {
  readonly app: FastifyInstance = Fastify();
  readonly clientId = 'delinkcious-test';
  readonly clientSecret = randomBytes(16).toString('hex');
  /** Refuse a code as GitHub does: status 200 with an `error` field, instead of 400. */
  refusesWithStatus200 = false;
  /** The account the next authorization signs in. */
  user = { login: 'octocat', email: 'octocat@example.com' };
  private readonly codes = new Map<
    string,
    { challenge: string; redirectUri: string; user: { login: string; email: string } }
  >();
  private readonly tokens = new Map<string, { login: string; email: string }>();
  base = '';

  async start(): Promise<this> {
    this.app.get('/authorize', async (request, reply) => {
      const q = request.query as Record<string, string>;
      if (q.client_id !== this.clientId || q.code_challenge_method !== 'S256' || !q.code_challenge) {
        return reply.code(400).send({ error: 'invalid_request' });
      }
      const code = randomBytes(16).toString('hex');
      this.codes.set(code, {
        challenge: q.code_challenge,
        redirectUri: q.redirect_uri,
        user: { ...this.user },
      });
      const back = new URL(q.redirect_uri);
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.state);
      return reply.redirect(back.toString(), 302);
    });
    this.app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    this.app.post('/token', async (request, reply) => {
      const form = request.body as Record<string, string>;
      const grant = this.codes.get(form.code);
      this.codes.delete(form.code);
      const verified =
        grant &&
        form.client_id === this.clientId &&
        form.client_secret === this.clientSecret &&
        form.redirect_uri === grant.redirectUri &&
        createHash('sha256')
          .update(form.code_verifier ?? '')
          .digest('base64url') === grant.challenge;
      if (!verified)
        return reply.code(this.refusesWithStatus200 ? 200 : 400).send({ error: 'invalid_grant' });
      const token = randomBytes(16).toString('hex');
      this.tokens.set(token, grant.user);
      return { access_token: token, token_type: 'bearer' };
    });
    this.app.get('/user', async (request, reply) => {
      const user = this.tokens.get((request.headers.authorization ?? '').replace(/^Bearer /, ''));
      if (!user) return reply.code(401).send({ message: 'Bad credentials' });
      return user;
    });
    this.base = await this.app.listen({ port: 0, host: '127.0.0.1' });
    return this;
  }

  /** The gateway settings that point at this provider. */
  gatewayEnv(secretFile: string): Record<string, string> {
    return {
      OAUTH_AUTHORIZE_URL: `${this.base}/authorize`,
      OAUTH_TOKEN_URL: `${this.base}/token`,
      OAUTH_USERINFO_URL: `${this.base}/user`,
      OAUTH_CLIENT_ID: this.clientId,
      OAUTH_CLIENT_SECRET_FILE: secretFile,
    };
  }

  stop(): Promise<void> {
    return this.app.close();
  }
}
