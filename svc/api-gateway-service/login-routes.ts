import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { NotFoundError, assertUsername, type UserManager } from '../../pkg/object-model';
import type { ApiGatewayConfig } from './config';
import { openSession } from './endpoints';
import { LOGIN_COOKIE, LOGIN_TTL_SECONDS, LoginCookie, loginCookieKeys } from './login-cookie';
import { OAuth2Login } from './oauth2-login';
import { callbackQuerySchema, sessionSchema } from './schemas';

/** The /login routes this configuration asks for: social login, or an explanation that it is off. */
export function socialLogin(config: ApiGatewayConfig, users: UserManager, logger: Logger) {
  if (!config.OAUTH_CLIENT_ID || !config.OAUTH_CLIENT_SECRET_FILE) {
    logger.warn('OAUTH_CLIENT_ID or OAUTH_CLIENT_SECRET_FILE is not set: social login (GET /login) is off');
    return socialLoginOffRoutes();
  }
  const oauth = new OAuth2Login({
    authorizeUrl: config.OAUTH_AUTHORIZE_URL,
    tokenUrl: config.OAUTH_TOKEN_URL,
    userinfoUrl: config.OAUTH_USERINFO_URL,
    clientId: config.OAUTH_CLIENT_ID,
    clientSecret: readFileSync(config.OAUTH_CLIENT_SECRET_FILE, 'utf8').trim(),
    redirectUrl: config.OAUTH_REDIRECT_URL,
    scope: config.OAUTH_SCOPE,
  });
  const cookieKeys = loginCookieKeys(config.LOGIN_COOKIE_KEYS_FILE);
  if (cookieKeys.generated)
    logger.warn('LOGIN_COOKIE_KEYS_FILE is not set: a login must end on the gateway replica it began on');
  return loginRoutes(oauth, new LoginCookie(cookieKeys.keys), users);
}

/** GET /login redirects to the provider; GET /login/callback registers, opens a session, returns it. */
export function loginRoutes(oauth: OAuth2Login, cookie: LoginCookie, users: UserManager) {
  return async (app: FastifyInstance): Promise<void> => {
    const cookieOptions = {
      path: '/login',
      httpOnly: true,
      // Lax: the provider's redirect back is a top-level GET, which still carries the cookie.
      sameSite: 'lax' as const,
      // Sent back over https only, unless the gateway itself is reached over plain http (local runs).
      secure: oauth.callbackIsHttps,
    };
    app.get('/login', { schema: { tags: ['login'] } }, async (_request, reply) => {
      const { url, pending } = await oauth.begin();
      void reply.setCookie(LOGIN_COOKIE, cookie.seal(pending), {
        ...cookieOptions,
        maxAge: LOGIN_TTL_SECONDS,
      });
      return reply.redirect(url, 302);
    });
    app.get(
      '/login/callback',
      { schema: { tags: ['login'], querystring: callbackQuerySchema, response: { 200: sessionSchema } } },
      async (request, reply) => {
        const pending = cookie.open(request.cookies[LOGIN_COOKIE]);
        // One use: whatever happens next, this browser's pending login is spent.
        void reply.clearCookie(LOGIN_COOKIE, cookieOptions);
        const query = new URLSearchParams(request.query as Record<string, string>);
        const user = await oauth.complete(query, pending);
        // The provider proved who this is; its login becomes the Delinkcious username.
        return openSession(users, { username: assertUsername(user.login), email: user.email }, 'oauth2');
      },
    );
  };
}

/** With social login off, /login says so and how to turn it on, instead of a bare 404. */
export function socialLoginOffRoutes() {
  return async (app: FastifyInstance): Promise<void> => {
    const off = async () => {
      throw new NotFoundError(
        'social login is off on this server: set OAUTH_CLIENT_ID and OAUTH_CLIENT_SECRET_FILE ' +
          '(a file holding the OAuth2 client secret), with OAUTH_REDIRECT_URL pointing at /login/callback, ' +
          'to turn it on; see "Social login" in the README',
      );
    };
    app.get('/login', { schema: { tags: ['login'] } }, off);
    app.get('/login/callback', { schema: { tags: ['login'] } }, off);
  };
}
