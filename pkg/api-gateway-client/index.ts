import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './generated/openapi';

export type { components, paths };
export type PublicApi = Client<paths>;
export type PublicSchemas = components['schemas'];

/**
 * A typed client of the public API, generated from its OpenAPI document
 * (`npm run gen:openapi`): paths, parameters, bodies and answers are checked by the compiler.
 */
export function createPublicApiClient(
  baseUrl: string,
  options: { session?: string; fetch?: ClientOptions['fetch'] } = {},
): PublicApi {
  return createClient<paths>({
    baseUrl,
    fetch: options.fetch,
    headers: options.session ? { authorization: `Bearer ${options.session}` } : {},
  });
}
