import { z } from 'zod';
import { linkServiceOperations } from '../../pkg/contracts/link-service';
import { defineOperations, type HttpOperation, type RequestPart } from '../../pkg/kit';
import {
  EMAIL_MAX_LENGTH,
  LINK_LIMITS,
  getNewsResultSchema,
  importReportSchema,
  textSchema,
  usernameSchema,
  userSchema,
} from '../../pkg/object-model';
import { LOOPBACK_REDIRECT_MAX_LENGTH } from './loopback-redirect';

/**
 * The public API's contract: the gateway's routes and its OpenAPI document come from it.
 * Link operations are the link service's own, without `username` (it comes from the session).
 */

/** A link-service operation as the public API serves it: under /v1, without `username`. */
type PublicLinkOperation<O extends HttpOperation> = Omit<O, 'path' | 'request'> & {
  path: string;
  request: {
    in: RequestPart;
    schema: O['request'] extends { schema: z.ZodObject<infer Shape, infer Config> }
      ? z.ZodObject<Omit<Shape, 'username'>, Config>
      : never;
  };
};

/**
 * Every link-service operation on the public API: same method, shapes, statuses and errors;
 * the username comes from the session. A new link operation is public with no change here.
 */
function publicLinkOperations<Ops extends Record<string, HttpOperation>>(
  operations: Ops,
): { [K in keyof Ops]: PublicLinkOperation<Ops[K]> } {
  const entries = Object.entries(operations).map(([name, { path, request, ...rest }]) => [
    name,
    {
      ...rest,
      path: `/v1${path}`,
      request: { in: request?.in ?? 'query', schema: request?.schema.omit({ username: true }) },
    },
  ]);
  // Each entry is built as its mapped type says; Object.fromEntries only loses the keys.
  return Object.fromEntries(entries) as { [K in keyof Ops]: PublicLinkOperation<Ops[K]> };
}

export const sessionSchema = z.object({ session: z.string(), username: z.string(), email: z.string() }).meta({
  id: 'Session',
  description: 'An open session: send it as `Authorization: Bearer <session>`.',
  examples: [{ session: 'c2Vzc2lvbi10b2tlbi1leGFtcGxl', username: 'gigi', email: 'gigi@example.com' }],
});

// Import is public as POST /v1/import, which takes the browser's file (import-export-routes.ts);
// a user's public links are public as their Atom feed (feed-routes.ts).
const {
  importLinks: _importLinks,
  getPublicLinks: _getPublicLinks,
  ...publicLinkContract
} = linkServiceOperations;

export const feedTokenEnvelopeSchema = z
  .object({
    token: z.string(),
    newsFeed: z
      .string()
      .meta({ description: "Your news feed's path, token included: give it to a feed reader." }),
    linksFeed: z.string().meta({ description: "Your links' public feed path." }),
  })
  .meta({
    id: 'FeedToken',
    description: 'A new feed token, shown once; it replaces any earlier one.',
    examples: [
      {
        token: 'ZmVlZC10b2tlbi1leGFtcGxlLWZlZWQtdG9rZW4tZXhh',
        newsFeed: '/feeds/gigi/news.atom?token=ZmVlZC10b2tlbi1leGFtcGxlLWZlZWQtdG9rZW4tZXhh',
        linksFeed: '/feeds/gigi/links.atom',
      },
    ],
  });

const followedSchema = z.strictObject({ followed: usernameSchema });

export const publicOperations = defineOperations({
  getMe: {
    method: 'GET',
    path: '/v1/me',
    tag: 'me',
    summary: 'The signed-in user',
    response: userSchema,
    status: 200,
    idempotent: true,
  },
  ...publicLinkOperations(publicLinkContract),
  getFollowing: {
    method: 'GET',
    path: '/v1/following',
    tag: 'social',
    summary: 'Whom the signed-in user follows',
    response: z.object({ following: z.array(z.string()) }).meta({ id: 'Following' }),
    status: 200,
    idempotent: true,
  },
  follow: {
    method: 'POST',
    path: '/v1/following',
    tag: 'social',
    summary: 'Follow someone',
    request: { in: 'body', schema: followedSchema },
    status: 204,
    idempotent: true,
    errors: [404, 413],
  },
  unfollow: {
    method: 'DELETE',
    path: '/v1/following',
    tag: 'social',
    summary: 'Stop following someone',
    request: { in: 'query', schema: followedSchema },
    status: 204,
    idempotent: false,
    errors: [404],
  },
  getFollowers: {
    method: 'GET',
    path: '/v1/followers',
    tag: 'social',
    summary: "The signed-in user's followers",
    response: z.object({ followers: z.array(z.string()) }).meta({ id: 'Followers' }),
    status: 200,
    idempotent: true,
  },
  getNews: {
    method: 'GET',
    path: '/v1/news',
    tag: 'news',
    summary: 'News from the people the signed-in user follows',
    request: {
      in: 'query',
      schema: z.strictObject({
        start: textSchema()
          .max(LINK_LIMITS.pageTokenLength)
          .optional()
          .meta({ description: 'Opaque page token from a previous `nextToken`.' }),
      }),
    },
    response: getNewsResultSchema,
    status: 200,
    idempotent: true,
  },
  createFeedToken: {
    method: 'POST',
    path: '/v1/feed-token',
    tag: 'feeds',
    summary: 'Create or rotate the feed token of your news feed',
    response: feedTokenEnvelopeSchema,
    status: 200,
    idempotent: false,
  },
  revokeFeedToken: {
    method: 'DELETE',
    path: '/v1/feed-token',
    tag: 'feeds',
    summary: 'Revoke the feed token: the news feed address stops working',
    status: 204,
    idempotent: true,
  },
  logout: {
    method: 'POST',
    path: '/logout',
    tag: 'login',
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
    tag: 'login',
    summary: 'Log in without a provider (development only)',
    request: {
      in: 'body',
      schema: z.strictObject({ username: usernameSchema, email: textSchema().min(3).max(EMAIL_MAX_LENGTH) }),
    },
    response: sessionSchema,
    status: 200,
    idempotent: false,
    errors: [409, 413],
  },
});

export const callbackQuerySchema = z.object({
  code: textSchema()
    .max(2000)
    .optional()
    .meta({ description: "The provider's authorisation code (required unless `error` is given)." }),
  state: textSchema().max(200).meta({ description: 'The state sent with the redirect.' }),
  error: textSchema()
    .max(200)
    .optional()
    .meta({ description: "The provider's error instead of a code, such as `access_denied`." }),
});

/** A state chosen by the command line: random, so that nobody else can guess or reuse it. */
export const CLIENT_STATE_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

export const loginQuerySchema = z.object({
  redirect_uri: textSchema().max(LOOPBACK_REDIRECT_MAX_LENGTH).optional().meta({
    description:
      'A command-line login: its loopback address (http://127.0.0.1:<port>/… or http://[::1]:<port>/…), where the browser is sent back with a one-time `code` for POST /login/exchange. Without it, the callback answers the session.',
  }),
  state: textSchema()
    .regex(CLIENT_STATE_PATTERN, 'must be 16 to 128 letters, digits, - or _')
    .optional()
    .meta({
      description: "With redirect_uri (required then): the client's random state, sent back with the code.",
    }),
});

export const loginExchangeSchema = z.strictObject({
  code: textSchema().max(200).meta({ description: 'The one-time code the loopback address received.' }),
  state: textSchema().max(200).meta({ description: 'The state the client sent to GET /login.' }),
});

/** The browser login (served by login-routes.ts when OAuth2 is configured). */
export const socialLoginOperations = defineOperations({
  login: {
    method: 'GET',
    path: '/login',
    tag: 'login',
    summary: 'Start a login with the identity provider',
    request: { in: 'query', schema: loginQuerySchema },
    status: 200,
    idempotent: true,
  },
  loginCallback: {
    method: 'GET',
    path: '/login/callback',
    tag: 'login',
    summary: 'Finish a login and open a session',
    request: { in: 'query', schema: callbackQuerySchema },
    response: sessionSchema,
    status: 200,
    idempotent: false,
    errors: [401, 409],
  },
  exchangeLoginCode: {
    method: 'POST',
    path: '/login/exchange',
    tag: 'login',
    summary: "Trade a command-line login's one-time code for its session",
    request: { in: 'body', schema: loginExchangeSchema },
    response: sessionSchema,
    status: 200,
    idempotent: false,
    errors: [401],
  },
});

/**
 * Routes whose bodies are files and feeds rather than JSON (import-export-routes.ts,
 * feed-routes.ts). Declared here for the OpenAPI document; openapi.ts gives their media types.
 */
export const fileOperations = defineOperations({
  importBookmarks: {
    method: 'POST',
    path: '/v1/import',
    tag: 'links',
    summary: "Import a browser's bookmark file (all or nothing; a second import adds nothing)",
    response: importReportSchema,
    status: 200,
    idempotent: true,
    errors: [400, 413, 422],
  },
  exportBookmarks: {
    method: 'GET',
    path: '/v1/export',
    tag: 'links',
    summary: 'Every link as a Netscape bookmark file',
    status: 200,
    idempotent: true,
  },
  linksFeed: {
    method: 'GET',
    path: '/feeds/:username/links.atom',
    tag: 'feeds',
    summary: "A user's links as an Atom feed",
    request: { in: 'params', schema: z.strictObject({ username: usernameSchema }) },
    status: 200,
    idempotent: true,
    errors: [404],
  },
  newsFeed: {
    method: 'GET',
    path: '/feeds/:username/news.atom',
    tag: 'feeds',
    summary: "A user's news as an Atom feed, opened by their feed token",
    request: {
      in: 'query',
      schema: z.strictObject({
        token: textSchema().max(200).meta({ description: 'The feed token from POST /v1/feed-token.' }),
      }),
    },
    status: 200,
    idempotent: true,
    errors: [401],
  },
});
