import { z } from 'zod';
import type { AccessTable } from '../auth';
import { GATEWAY, gatewayForUser } from './callers';
import { defineOperations } from '../kit/transport/http/operation';
import {
  checkFeedTokenRequestSchema,
  feedTokenRequestSchema,
  feedTokenResultSchema,
  loginRequestSchema,
  loginResultSchema,
  publicUserSchema,
  logoutRequestSchema,
  registerRequestSchema,
  sessionRequestSchema,
  usernameSchema,
  userSchema,
} from '../object-model';

const userEnvelopeSchema = z.object({ user: userSchema });
/** `proof`: what the gateway forwards on the calls it makes for this user (README: Trust inside the cluster). */
const resolvedSessionSchema = z.object({ user: userSchema, proof: z.string() });

/** The user service's HTTP contract. A session token travels in bodies only, never in a URL that logs keep. */
export const userServiceOperations = defineOperations({
  register: {
    method: 'POST',
    path: '/register',
    summary: 'Register a user (again: no error)',
    request: { in: 'body', schema: registerRequestSchema },
    response: userEnvelopeSchema,
    status: 200,
    // Registering the same user again is not an error, so a retry is safe.
    idempotent: true,
    errors: [409],
  },
  login: {
    method: 'POST',
    path: '/login',
    summary: 'Open a session',
    request: { in: 'body', schema: loginRequestSchema },
    response: loginResultSchema,
    status: 200,
    idempotent: false,
    errors: [404],
  },
  logout: {
    method: 'POST',
    path: '/logout',
    summary: 'End one session',
    request: { in: 'body', schema: logoutRequestSchema },
    status: 204,
    idempotent: false,
  },
  resolveSession: {
    method: 'POST',
    path: '/resolve-session',
    summary: "A live session's user, with a short-lived signed proof of that user",
    request: { in: 'body', schema: sessionRequestSchema },
    response: resolvedSessionSchema,
    status: 200,
    idempotent: true,
    errors: [401],
  },
  getUser: {
    method: 'GET',
    path: '/users/:username',
    summary: 'A user by name',
    request: { in: 'params', schema: z.strictObject({ username: usernameSchema }) },
    response: userEnvelopeSchema,
    status: 200,
    idempotent: true,
    errors: [404],
  },
  getPublicUser: {
    method: 'GET',
    path: '/users/:username/public',
    summary: 'Whether a user exists: the username, nothing private',
    request: { in: 'params', schema: z.strictObject({ username: usernameSchema }) },
    response: z.object({ user: publicUserSchema }),
    status: 200,
    idempotent: true,
    errors: [404],
  },
  createFeedToken: {
    method: 'POST',
    path: '/feed-token',
    summary: "Create or rotate a user's feed token",
    request: { in: 'body', schema: feedTokenRequestSchema },
    response: feedTokenResultSchema,
    status: 200,
    idempotent: false,
    errors: [404],
  },
  revokeFeedToken: {
    method: 'POST',
    path: '/feed-token/revoke',
    summary: "End a user's feed token",
    request: { in: 'body', schema: feedTokenRequestSchema },
    status: 204,
    idempotent: true,
  },
  checkFeedToken: {
    method: 'POST',
    path: '/feed-token/check',
    summary: "Whether a token is the user's live feed token; if so, a short-lived signed proof of the user",
    request: { in: 'body', schema: checkFeedTokenRequestSchema },
    response: z.object({ proof: z.string() }),
    status: 200,
    idempotent: true,
    errors: [401],
  },
});

/**
 * Only the gateway calls the user service. It opens sessions after it proved the login
 * (OAuth2 or the development login); logout names the session, which is its own proof;
 * a user's account (email included) is read only for that user, while whether a user
 * exists is the gateway's own question (following and the public links feed ask it); the
 * feed token operations act for the user they name.
 */
export const userServiceAccess: AccessTable<typeof userServiceOperations> = {
  register: { [GATEWAY]: 'service' },
  login: { [GATEWAY]: 'service' },
  logout: { [GATEWAY]: 'service' },
  resolveSession: { [GATEWAY]: 'service' },
  getUser: gatewayForUser('username'),
  getPublicUser: { [GATEWAY]: 'service' },
  createFeedToken: gatewayForUser('username'),
  revokeFeedToken: gatewayForUser('username'),
  // The token in the body proves the user; the answer is a proof the gateway reads the feed with.
  checkFeedToken: { [GATEWAY]: 'service' },
};
