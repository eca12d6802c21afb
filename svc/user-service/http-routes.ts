import { route, type MountableRoute } from '../../pkg/kit';
import type { LoginRequest, LogoutRequest, RegisterRequest, UserManager } from '../../pkg/object-model';
import {
  makeGetUserEndpoint,
  makeLoginEndpoint,
  makeLogoutEndpoint,
  makeRegisterEndpoint,
  makeResolveSessionEndpoint,
} from './endpoints';
import {
  loginBodySchema,
  logoutBodySchema,
  registerBodySchema,
  resolveSessionBodySchema,
  sessionResponseSchema,
  userResponseSchema,
  usernameParamsSchema,
} from './schemas';

/** The user service routes. A session token travels in bodies only, never in a URL that logs keep. */
export function userRoutes(svc: UserManager): MountableRoute[] {
  return [
    route({
      method: 'POST',
      url: '/register',
      schema: { body: registerBodySchema, response: { 200: userResponseSchema } },
      decode: (request) => request.body as RegisterRequest,
      endpoint: makeRegisterEndpoint(svc),
      encode: (user) => ({ user }),
    }),
    route({
      method: 'POST',
      url: '/login',
      schema: { body: loginBodySchema, response: { 200: sessionResponseSchema } },
      decode: (request) => request.body as LoginRequest,
      endpoint: makeLoginEndpoint(svc),
      encode: (result) => result,
    }),
    route({
      method: 'POST',
      url: '/logout',
      schema: { body: logoutBodySchema },
      decode: (request) => request.body as LogoutRequest,
      endpoint: makeLogoutEndpoint(svc),
      status: 204,
    }),
    route({
      method: 'POST',
      url: '/resolve-session',
      schema: { body: resolveSessionBodySchema, response: { 200: userResponseSchema } },
      decode: (request) => request.body as { session: string },
      endpoint: makeResolveSessionEndpoint(svc),
      encode: (user) => ({ user }),
    }),
    route({
      method: 'GET',
      url: '/users/:username',
      schema: { params: usernameParamsSchema, response: { 200: userResponseSchema } },
      decode: (request) => request.params as { username: string },
      endpoint: makeGetUserEndpoint(svc),
      encode: (user) => ({ user }),
    }),
  ];
}
