import type { CallerRule } from '../auth';

/**
 * The services that call others (the call graph, README: Trust inside the cluster). Each
 * has a caller token of its own; the contracts name them in their access tables.
 */
export const GATEWAY = 'api-gateway-service';
export const NEWS_SERVICE = 'news-service';
export const CALLERS = [NEWS_SERVICE, GATEWAY] as const;

/** The gateway calling for the signed-in user the request names in `field`. */
export const gatewayForUser = (field: string): Record<string, CallerRule> => ({
  [GATEWAY]: { forUser: field },
});
