import { z } from 'zod';
import { linkServiceOperations } from '../../pkg/contracts/link-service';
import { defineOperations, type HttpOperation, type RequestPart } from '../../pkg/kit';
import {
  EMAIL_MAX_LENGTH,
  LINK_LIMITS,
  getNewsResultSchema,
  usernameSchema,
  userSchema,
} from '../../pkg/object-model';

/**
 * The public API's contract: the gateway's routes and its OpenAPI document come from it.
 * Link operations are the link service's own, without `username` (it comes from the session).
 */
const links = linkServiceOperations;

/** A link-service operation on the public API: same method, shapes and errors; the caller is the session's. */
function publicLinkOperation<O extends HttpOperation, S extends z.ZodObject>(
  operation: O,
  schema: S,
): Omit<O, 'path' | 'request'> & { path: string; request: { in: RequestPart; schema: S } } {
  const { path, request, ...rest } = operation;
  return { ...rest, path: `/v1${path}`, request: { in: request?.in ?? 'query', schema } };
}

const withoutUsername = { username: true } as const;

export const sessionSchema = z.object({ session: z.string(), username: z.string(), email: z.string() }).meta({
  id: 'Session',
  description: 'An open session: send it as `Authorization: Bearer <session>`.',
  examples: [{ session: 'c2Vzc2lvbi10b2tlbi1leGFtcGxl', username: 'gigi', email: 'gigi@example.com' }],
});

const followedSchema = z.strictObject({ followed: usernameSchema });

export const publicOperations = defineOperations({
  getMe: {
    method: 'GET',
    path: '/v1/me',
    summary: 'The signed-in user',
    response: userSchema,
    status: 200,
    idempotent: true,
  },
  getLinks: publicLinkOperation(links.getLinks, links.getLinks.request.schema.omit(withoutUsername)),
  addLink: publicLinkOperation(links.addLink, links.addLink.request.schema.omit(withoutUsername)),
  updateLink: publicLinkOperation(links.updateLink, links.updateLink.request.schema.omit(withoutUsername)),
  deleteLink: publicLinkOperation(links.deleteLink, links.deleteLink.request.schema.omit(withoutUsername)),
  getFollowing: {
    method: 'GET',
    path: '/v1/following',
    summary: 'Whom the signed-in user follows',
    response: z.object({ following: z.array(z.string()) }).meta({ id: 'Following' }),
    status: 200,
    idempotent: true,
  },
  follow: {
    method: 'POST',
    path: '/v1/following',
    summary: 'Follow someone',
    request: { in: 'body', schema: followedSchema },
    status: 204,
    idempotent: true,
    errors: [404, 413],
  },
  unfollow: {
    method: 'DELETE',
    path: '/v1/following',
    summary: 'Stop following someone',
    request: { in: 'query', schema: followedSchema },
    status: 204,
    idempotent: false,
    errors: [404],
  },
  getFollowers: {
    method: 'GET',
    path: '/v1/followers',
    summary: "The signed-in user's followers",
    response: z.object({ followers: z.array(z.string()) }).meta({ id: 'Followers' }),
    status: 200,
    idempotent: true,
  },
  getNews: {
    method: 'GET',
    path: '/v1/news',
    summary: 'News from the people the signed-in user follows',
    request: {
      in: 'query',
      schema: z.strictObject({
        start: z
          .string()
          .max(LINK_LIMITS.pageTokenLength)
          .optional()
          .meta({ description: 'Opaque page token from a previous `nextToken`.' }),
      }),
    },
    response: getNewsResultSchema,
    status: 200,
    idempotent: true,
  },
  logout: {
    method: 'POST',
    path: '/logout',
    summary: 'End the presented session',
    status: 204,
    idempotent: false,
  },
});

/** Development login: mounted only when DEV_LOGIN_ENABLED. */
export const devLoginOperations = defineOperations({
  devLogin: {
    method: 'POST',
    path: '/v1/dev/login',
    summary: 'Log in without a provider (development only)',
    request: {
      in: 'body',
      schema: z.strictObject({ username: usernameSchema, email: z.string().min(3).max(EMAIL_MAX_LENGTH) }),
    },
    response: sessionSchema,
    status: 200,
    idempotent: false,
    errors: [409, 413],
  },
});

export const callbackQuerySchema = z.object({
  code: z.string().max(2000).meta({ description: "The provider's authorisation code." }),
  state: z.string().max(200).meta({ description: 'The state sent with the redirect.' }),
});

/** The browser login (served by login-routes.ts when OAuth2 is configured). */
export const socialLoginOperations = defineOperations({
  login: {
    method: 'GET',
    path: '/login',
    summary: 'Start a login with the identity provider',
    status: 200,
    idempotent: true,
  },
  loginCallback: {
    method: 'GET',
    path: '/login/callback',
    summary: 'Finish a login and open a session',
    request: { in: 'query', schema: callbackQuerySchema },
    response: sessionSchema,
    status: 200,
    idempotent: false,
    errors: [401, 409],
  },
});
