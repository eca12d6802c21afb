import { route, type MountableRoute } from '../../pkg/kit';
import type { LinkChecker } from '../../pkg/link-checker';
import { makeCheckLinkEndpoint } from './endpoints';
import { checkBodySchema, checkResultSchema } from './schemas';

/** The HTTP trigger: check one url on demand. */
export function linkCheckerRoutes(checker: LinkChecker): MountableRoute[] {
  return [
    route({
      method: 'POST',
      url: '/check',
      schema: { body: checkBodySchema, response: { 200: checkResultSchema } },
      decode: (request) => request.body as { url: string },
      endpoint: makeCheckLinkEndpoint(checker),
      encode: (result) => result,
    }),
  ];
}
