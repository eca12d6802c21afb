import type { FastifyRequest } from 'fastify';
import { route, type MountableRoute } from '../../pkg/kit';
import type { FollowRequest, SocialGraphManager } from '../../pkg/object-model';
import {
  makeFollowEndpoint,
  makeGetFollowersEndpoint,
  makeGetFollowingEndpoint,
  makeUnfollowEndpoint,
} from './endpoints';
import { followBodySchema, usernameParamsSchema, usernamesResponseSchema } from './schemas';

/** The social graph routes (paths as in the Go original); `followersCaller` guards the trusted one. */
export function socialGraphRoutes(
  svc: SocialGraphManager,
  followersCaller?: (request: FastifyRequest) => string,
): MountableRoute[] {
  return [
    route({
      method: 'POST',
      url: '/follow',
      schema: { body: followBodySchema },
      decode: (request) => request.body as FollowRequest,
      endpoint: makeFollowEndpoint(svc),
      status: 204,
    }),
    route({
      method: 'POST',
      url: '/unfollow',
      schema: { body: followBodySchema },
      decode: (request) => request.body as FollowRequest,
      endpoint: makeUnfollowEndpoint(svc),
      status: 204,
    }),
    route({
      method: 'GET',
      url: '/following/:username',
      schema: { params: usernameParamsSchema, response: { 200: usernamesResponseSchema('following') } },
      decode: (request) => request.params as { username: string },
      endpoint: makeGetFollowingEndpoint(svc),
      encode: (following) => ({ following }),
    }),
    route({
      method: 'GET',
      url: '/followers/:username',
      schema: { params: usernameParamsSchema, response: { 200: usernamesResponseSchema('followers') } },
      authenticate: followersCaller,
      decode: (request) => request.params as { username: string },
      endpoint: makeGetFollowersEndpoint(svc),
      encode: (followers) => ({ followers }),
    }),
  ];
}
