import { z } from 'zod';
import type { AccessTable } from '../auth';
import { NEWS_SERVICE, gatewayForUser } from './callers';
import { defineOperations } from '../kit/transport/http/operation';
import { followRequestSchema, usernameSchema } from '../object-model';

const usernameParams = z.strictObject({ username: usernameSchema });

/** The social graph's HTTP contract (paths as in the Go original). */
export const socialGraphServiceOperations = defineOperations({
  follow: {
    method: 'POST',
    path: '/follow',
    summary: 'Follow someone',
    request: { in: 'body', schema: followRequestSchema },
    status: 204,
    // Following twice is not an error, so a retry is safe.
    idempotent: true,
  },
  unfollow: {
    method: 'POST',
    path: '/unfollow',
    summary: 'Stop following someone',
    request: { in: 'body', schema: followRequestSchema },
    status: 204,
    idempotent: false,
    errors: [404],
  },
  getFollowing: {
    method: 'GET',
    path: '/following/:username',
    summary: 'Whom a user follows',
    request: { in: 'params', schema: usernameParams },
    response: z.object({ following: z.array(z.string()) }),
    status: 200,
    idempotent: true,
  },
  getFollowers: {
    method: 'GET',
    path: '/followers/:username',
    summary: "A user's followers",
    request: { in: 'params', schema: usernameParams },
    response: z.object({ followers: z.array(z.string()) }),
    status: 200,
    idempotent: true,
    errors: [401, 403],
  },
});

/**
 * The gateway follows, unfollows and lists for the signed-in user only; the news service
 * lists any author's followers with its own identity (it fans out what the author posted).
 */
export const socialGraphServiceAccess: AccessTable<typeof socialGraphServiceOperations> = {
  follow: gatewayForUser('follower'),
  unfollow: gatewayForUser('follower'),
  getFollowing: gatewayForUser('username'),
  getFollowers: { ...gatewayForUser('username'), [NEWS_SERVICE]: 'service' },
};
