import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import {
  DomainError,
  InvalidArgumentError,
  NotFoundError,
  UnauthenticatedError,
  assertUsername,
  type UserManager,
} from '../../pkg/object-model';
import type { ApiGatewayConfig } from './config';
import { openSession } from './endpoints';
import type { LoginCodes } from './login-codes';
import {
  LOGIN_COOKIE,
  LOGIN_TTL_SECONDS,
  LoginCookie,
  loginCookieKeys,
  type LoopbackClient,
} from './login-cookie';
import { loopbackRedirect } from './loopback-redirect';
import { OAuth2Login } from './oauth2-login';
import { callbackQuerySchema, loginExchangeSchema, loginQuerySchema, sessionSchema } from './schemas';

/**
 * The /login routes this configuration asks for: social login, or an explanation that it is
 * off. Settings are checked now; the routes are made once the login codes' store is known.
 */
export function socialLogin(config: ApiGatewayConfig, users: UserManager, logger: Logger) {
  if (!config.OAUTH_CLIENT_ID || !config.OAUTH_CLIENT_SECRET_FILE) {
    logger.warn('OAUTH_CLIENT_ID or OAUTH_CLIENT_SECRET_FILE is not set: social login (GET /login) is off');
    return () => socialLoginOffRoutes();
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
  const cookie = new LoginCookie(cookieKeys.keys);
  return (codes: LoginCodes) => loginRoutes(oauth, cookie, users, codes);
}

/**
 * GET /login redirects to the provider; GET /login/callback registers, opens a session and
 * returns it, or, for a command-line login (RFC 8252 loopback redirect), sends the browser to
 * the client's loopback address with a one-time code that POST /login/exchange trades for
 * the session.
 *
 * Why a code rather than the session itself in that redirect: the loopback address is a URL
 * the browser keeps in its history and could show to extensions or other software on the
 * machine; a code redeemed within a minute, once, and only with the client's state, is worth
 * nothing there afterwards, where a session would stay usable for days.
 */
export function loginRoutes(oauth: OAuth2Login, cookie: LoginCookie, users: UserManager, codes: LoginCodes) {
  return async (app: FastifyInstance): Promise<void> => {
    const cookieOptions = {
      path: '/login',
      httpOnly: true,
      // Lax: the provider's redirect back is a top-level GET, which still carries the cookie.
      sameSite: 'lax' as const,
      // Sent back over https only, unless the gateway itself is reached over plain http (local runs).
      secure: oauth.callbackIsHttps,
    };
    app.get(
      '/login',
      { schema: { tags: ['login'], querystring: loginQuerySchema } },
      async (request, reply) => {
        const loopback = loopbackClient(request.query as { redirect_uri?: string; state?: string });
        if (loopback && !oauth.callbackIsGateways)
          throw new InvalidArgumentError(
            'a login cannot end at a loopback address on this server: its OAUTH_REDIRECT_URL is a web app page, not /login/callback',
          );
        const { url, pending } = await oauth.begin();
        void reply.setCookie(LOGIN_COOKIE, cookie.seal({ ...pending, loopback }), {
          ...cookieOptions,
          maxAge: LOGIN_TTL_SECONDS,
        });
        return reply.redirect(url, 302);
      },
    );
    app.get(
      '/login/callback',
      { schema: { tags: ['login'], querystring: callbackQuerySchema, response: { 200: sessionSchema } } },
      async (request, reply) => {
        const { code, state, error } = request.query as { code?: string; state: string; error?: string };
        if (code === undefined) {
          // The provider sent the person back without a code (they declined, say). A
          // command-line login hears of it at its loopback address instead of waiting it out;
          // only from the provider, which alone knows this login's state.
          const pending = cookie.peek(request.cookies[LOGIN_COOKIE]);
          const refusal = `the identity provider did not sign you in (${error ?? 'no code'})`;
          if (!pending?.loopback || pending.state !== state)
            throw new InvalidArgumentError(`code: ${refusal}`);
          void reply.clearCookie(LOGIN_COOKIE, cookieOptions);
          return reply.redirect(loopbackFailure(pending.loopback, new UnauthenticatedError(refusal)), 302);
        }
        const pending = cookie.open(request.cookies[LOGIN_COOKIE]);
        // One use: whatever happens next, this browser's pending login is spent.
        void reply.clearCookie(LOGIN_COOKIE, cookieOptions);
        const query = new URLSearchParams(request.query as Record<string, string>);
        // A forged callback is refused here, in the browser: it must not end a command-line login.
        if (state !== pending.state) oauth.refuseOtherLogin();
        try {
          const user = await oauth.complete(query, pending);
          // The provider proved who this is; its login becomes the Delinkcious username.
          const session = await openSession(
            users,
            { username: assertUsername(user.login), email: user.email },
            'oauth2',
          );
          if (!pending.loopback) return session;
          const loginCode = await codes.issue({ state: pending.loopback.state, session });
          const back = new URL(pending.loopback.redirectUri);
          back.searchParams.set('code', loginCode);
          back.searchParams.set('state', pending.loopback.state);
          return await reply.redirect(back.href, 302);
        } catch (failure) {
          if (!pending.loopback || !(failure instanceof DomainError)) throw failure;
          return reply.redirect(loopbackFailure(pending.loopback, failure), 302);
        }
      },
    );
    app.post(
      '/login/exchange',
      { schema: { tags: ['login'], body: loginExchangeSchema } },
      async (request) => {
        const { code, state } = request.body as { code: string; state: string };
        return codes.redeem(code, state);
      },
    );
  };
}

/**
 * Where a failed command-line login sends the browser: its loopback address with an OAuth2
 * error (RFC 6749 §4.1.2.1) and the gateway's reason, so the client stops waiting at once.
 */
function loopbackFailure(loopback: LoopbackClient, failure: DomainError): string {
  const error =
    failure.code === 'UNAUTHENTICATED'
      ? 'access_denied'
      : failure.code === 'UNAVAILABLE' || failure.code === 'DEADLINE_EXCEEDED'
        ? 'temporarily_unavailable'
        : 'server_error';
  const back = new URL(loopback.redirectUri);
  back.searchParams.set('error', error);
  back.searchParams.set('error_description', failure.message);
  back.searchParams.set('state', loopback.state);
  return back.href;
}

/** The command-line client of this login, if GET /login names one: both parameters, or neither. */
function loopbackClient(query: { redirect_uri?: string; state?: string }): LoopbackClient | undefined {
  if (query.redirect_uri === undefined && query.state === undefined) return undefined;
  if (query.redirect_uri === undefined || query.state === undefined)
    throw new InvalidArgumentError('redirect_uri and state go together: give both, or neither');
  return { redirectUri: loopbackRedirect(query.redirect_uri), state: query.state };
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
    app.post('/login/exchange', { schema: { tags: ['login'] } }, off);
  };
}
