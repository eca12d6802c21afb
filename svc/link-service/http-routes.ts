import type { FastifyRequest } from 'fastify';
import { route, type MountableRoute } from '../../pkg/kit';
import type {
  AddLinkRequest,
  DeleteLinkRequest,
  GetLinksRequest,
  LinkManager,
  UpdateLinkRequest,
} from '../../pkg/object-model';
import {
  makeAddLinkEndpoint,
  makeDeleteLinkEndpoint,
  makeGetLinksEndpoint,
  makeUpdateLinkEndpoint,
} from './endpoints';
import {
  addLinkBodySchema,
  deleteLinkQuerySchema,
  getLinksQuerySchema,
  linkResponseSchema,
  linksPageResponseSchema,
  updateLinkBodySchema,
} from './schemas';

type Query = Record<string, string | undefined>;

/** The SPEC's link service routes (paths as in the Go original). */
export function linkRoutes(svc: LinkManager): MountableRoute[] {
  return [
    route({
      method: 'GET',
      url: '/links',
      schema: { querystring: getLinksQuerySchema, response: { 200: linksPageResponseSchema } },
      decode: (request: FastifyRequest): GetLinksRequest => {
        const { limit, ...query } = request.query as Query;
        return {
          ...(query as Omit<GetLinksRequest, 'limit'>),
          limit: limit === undefined ? undefined : Number(limit),
        };
      },
      endpoint: makeGetLinksEndpoint(svc),
      encode: (page) => page,
    }),
    route({
      method: 'POST',
      url: '/links',
      schema: { body: addLinkBodySchema, response: { 201: linkResponseSchema } },
      decode: (request) => request.body as AddLinkRequest,
      endpoint: makeAddLinkEndpoint(svc),
      encode: (link) => ({ link }),
      status: 201,
    }),
    route({
      method: 'PUT',
      url: '/links',
      schema: { body: updateLinkBodySchema, response: { 200: linkResponseSchema } },
      decode: (request) => request.body as UpdateLinkRequest,
      endpoint: makeUpdateLinkEndpoint(svc),
      encode: (link) => ({ link }),
    }),
    route({
      method: 'DELETE',
      url: '/links',
      schema: { querystring: deleteLinkQuerySchema },
      decode: (request) => request.query as DeleteLinkRequest,
      endpoint: makeDeleteLinkEndpoint(svc),
      status: 204,
    }),
  ];
}
