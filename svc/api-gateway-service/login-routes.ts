import type { FastifyInstance } from 'fastify';
import { assertUsername, type UserManager } from '../../pkg/object-model';
import { openSession } from './endpoints';
import type { OAuth2Login } from './oauth2-login';
import { callbackQuerySchema, sessionSchema } from './schemas';

/** GET /login redirects to the provider; GET /login/callback registers, opens a session, returns it. */
export function loginRoutes(oauth: OAuth2Login, users: UserManager) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/login', { schema: { tags: ['login'] } }, async (_request, reply) =>
      reply.redirect(oauth.begin(), 302),
    );
    app.get(
      '/login/callback',
      { schema: { tags: ['login'], querystring: callbackQuerySchema, response: { 200: sessionSchema } } },
      async (request) => {
        const { code, state } = request.query as { code: string; state: string };
        const user = await oauth.complete(code, state);
        // The provider proved who this is; its login becomes the Delinkcious username.
        return openSession(users, { username: assertUsername(user.login), email: user.email }, 'oauth2');
      },
    );
  };
}
