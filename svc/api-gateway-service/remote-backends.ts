import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { loadOwnCallerToken } from '../../pkg/auth';
import { instrument } from '../../pkg/kit';
import { LinkManagerClient } from '../../pkg/link-client';
import { NewsManagerClient } from '../../pkg/news-client';
import type { NewsManager } from '../../pkg/object-model';
import { SocialGraphManagerClient } from '../../pkg/social-graph-client';
import { UserManagerClient } from '../../pkg/user-client';
import type { ApiGatewayConfig } from './config';
import type { Backends } from './endpoints';

/**
 * The services behind the gateway, reached over their own transports. Every outgoing call
 * is logged, measured and traced as a client call (`link-service-client.getLinks`, ...).
 */
export function remoteBackends(
  config: ApiGatewayConfig,
  observe: { logger: Logger; registry: Registry },
): { backends: Backends; close(): void } {
  const client = <S extends object>(name: string, service: S) =>
    instrument(service, { ...observe, name: `${name}-client`, side: 'client' });
  // One token for every service it calls: each of them knows it as the gateway's.
  const callerToken = config.CALLER_TOKEN_FILE ? loadOwnCallerToken(config.CALLER_TOKEN_FILE) : undefined;
  const news = new NewsManagerClient({ address: config.NEWS_SERVICE_ADDRESS, callerToken });
  return {
    backends: {
      links: client('link-service', new LinkManagerClient({ baseUrl: config.LINK_SERVICE_URL, callerToken })),
      users: client('user-service', new UserManagerClient({ baseUrl: config.USER_SERVICE_URL, callerToken })),
      social: client(
        'social-graph-service',
        new SocialGraphManagerClient({ baseUrl: config.SOCIAL_GRAPH_URL, callerToken }),
      ),
      news: client<NewsManager>('news-service', news),
    },
    close: () => news.close(),
  };
}
