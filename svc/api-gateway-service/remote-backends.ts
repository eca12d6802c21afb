import { loadOwnCallerToken } from '../../pkg/auth';
import { LinkManagerClient } from '../../pkg/link-client';
import { NewsManagerClient } from '../../pkg/news-client';
import { SocialGraphManagerClient } from '../../pkg/social-graph-client';
import { UserManagerClient } from '../../pkg/user-client';
import type { ApiGatewayConfig } from './config';
import type { Backends } from './endpoints';

/** The services behind the gateway, reached over their own transports. */
export function remoteBackends(config: ApiGatewayConfig): { backends: Backends; close(): void } {
  const news = new NewsManagerClient({ address: config.NEWS_SERVICE_ADDRESS });
  return {
    backends: {
      links: new LinkManagerClient({ baseUrl: config.LINK_SERVICE_URL }),
      users: new UserManagerClient({ baseUrl: config.USER_SERVICE_URL }),
      social: new SocialGraphManagerClient({
        baseUrl: config.SOCIAL_GRAPH_URL,
        callerToken: config.CALLER_TOKEN_FILE ? loadOwnCallerToken(config.CALLER_TOKEN_FILE) : undefined,
      }),
      news,
    },
    close: () => news.close(),
  };
}
