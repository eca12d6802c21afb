import type { FastifyRequest } from 'fastify';
import { route, type MountableRoute } from '../../pkg/kit';
import type { AddLinkRequest, GetLinksRequest, UpdateLinkRequest } from '../../pkg/object-model';
import { bearerToken } from './bearer';
import { makeDevLoginEndpoint } from './dev-login';
import {
  makeAddLinkEndpoint,
  makeDeleteLinkEndpoint,
  makeFollowEndpoint,
  makeGetFollowersEndpoint,
  makeGetFollowingEndpoint,
  makeGetLinksEndpoint,
  makeGetNewsEndpoint,
  makeMeEndpoint,
  makeUnfollowEndpoint,
  makeUpdateLinkEndpoint,
  type Backends,
} from './endpoints';
import {
  bearer,
  devLoginBodySchema,
  followBodySchema,
  linkResponseSchema,
  linksPageResponseSchema,
  newsQuerySchema,
  newsResponseSchema,
  publicAddLinkBodySchema,
  publicDeleteLinkQuerySchema,
  publicGetLinksQuerySchema,
  publicUpdateLinkBodySchema,
  sessionSchema,
  unfollowQuerySchema,
  userSchema,
  usernamesSchema,
} from './schemas';
import type { SessionCache } from './session-cache';

type Query = Record<string, string | undefined>;

/** SPEC's public API. Every /v1 route resolves the bearer session to its user first. */
export function apiRoutes(
  backends: Backends,
  sessions: SessionCache,
  options: { devLogin: boolean },
): MountableRoute[] {
  const authenticate = async (request: FastifyRequest) =>
    (await sessions.resolve(bearerToken(request))).username;
  const v1 = { authenticate };
  const tags = (name: string) => ({ tags: [name], security: bearer });

  const routes: MountableRoute[] = [
    route({
      ...v1,
      method: 'GET',
      url: '/v1/me',
      schema: { ...tags('me'), response: { 200: userSchema } },
      decode: () => undefined,
      endpoint: makeMeEndpoint(backends),
      encode: (user) => user,
    }),
    route({
      ...v1,
      method: 'GET',
      url: '/v1/links',
      schema: {
        ...tags('links'),
        querystring: publicGetLinksQuerySchema,
        response: { 200: linksPageResponseSchema },
      },
      decode: (request) => {
        const { limit, ...query } = request.query as Query;
        return {
          ...(query as Omit<GetLinksRequest, 'username' | 'limit'>),
          limit: limit === undefined ? undefined : Number(limit),
        };
      },
      endpoint: makeGetLinksEndpoint(backends),
      encode: (page) => page,
    }),
    route({
      ...v1,
      method: 'POST',
      url: '/v1/links',
      schema: { ...tags('links'), body: publicAddLinkBodySchema, response: { 201: linkResponseSchema } },
      decode: (request) => request.body as Omit<AddLinkRequest, 'username'>,
      endpoint: makeAddLinkEndpoint(backends),
      encode: (link) => ({ link }),
      status: 201,
    }),
    route({
      ...v1,
      method: 'PUT',
      url: '/v1/links',
      schema: { ...tags('links'), body: publicUpdateLinkBodySchema, response: { 200: linkResponseSchema } },
      decode: (request) => request.body as Omit<UpdateLinkRequest, 'username'>,
      endpoint: makeUpdateLinkEndpoint(backends),
      encode: (link) => ({ link }),
    }),
    route({
      ...v1,
      method: 'DELETE',
      url: '/v1/links',
      schema: { ...tags('links'), querystring: publicDeleteLinkQuerySchema },
      decode: (request) => request.query as { url: string },
      endpoint: makeDeleteLinkEndpoint(backends),
      status: 204,
    }),
    route({
      ...v1,
      method: 'GET',
      url: '/v1/following',
      schema: { ...tags('social'), response: { 200: usernamesSchema('following') } },
      decode: () => undefined,
      endpoint: makeGetFollowingEndpoint(backends),
      encode: (following) => ({ following }),
    }),
    route({
      ...v1,
      method: 'POST',
      url: '/v1/following',
      schema: { ...tags('social'), body: followBodySchema },
      decode: (request) => request.body as { followed: string },
      endpoint: makeFollowEndpoint(backends),
      status: 204,
    }),
    route({
      ...v1,
      method: 'DELETE',
      url: '/v1/following',
      schema: { ...tags('social'), querystring: unfollowQuerySchema },
      decode: (request) => request.query as { followed: string },
      endpoint: makeUnfollowEndpoint(backends),
      status: 204,
    }),
    route({
      ...v1,
      method: 'GET',
      url: '/v1/followers',
      schema: { ...tags('social'), response: { 200: usernamesSchema('followers') } },
      decode: () => undefined,
      endpoint: makeGetFollowersEndpoint(backends),
      encode: (followers) => ({ followers }),
    }),
    route({
      ...v1,
      method: 'GET',
      url: '/v1/news',
      schema: { ...tags('news'), querystring: newsQuerySchema, response: { 200: newsResponseSchema } },
      decode: (request) => request.query as { start?: string },
      endpoint: makeGetNewsEndpoint(backends),
      encode: (news) => news,
    }),
    route({
      method: 'POST',
      url: '/logout',
      schema: { tags: ['login'], security: bearer },
      decode: (request) => bearerToken(request),
      endpoint: async (session) => {
        const user = await sessions.resolve(session);
        await backends.users.logout({ username: user.username, session });
        await sessions.evict(session);
      },
      status: 204,
    }),
  ];
  if (options.devLogin) {
    routes.push(
      route({
        method: 'POST',
        url: '/v1/dev/login',
        schema: { tags: ['login'], body: devLoginBodySchema, response: { 200: sessionSchema } },
        decode: (request) => request.body as { username: string; email: string },
        endpoint: makeDevLoginEndpoint(backends.users),
        encode: (opened) => opened,
      }),
    );
  }
  return routes;
}
