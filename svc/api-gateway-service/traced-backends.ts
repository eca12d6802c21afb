import { tracingMiddleware } from '../../pkg/kit';
import type { LinkManager, NewsManager, SocialGraphManager, UserManager } from '../../pkg/object-model';
import type { Backends } from './endpoints';

/**
 * A span per backend call, named `<gateway>.<method>`: the root of each request's trace,
 * whose context the clients carry on to the services.
 */
export function tracedBackends(backends: Backends, gateway: string): Backends {
  return {
    links: tracingMiddleware<LinkManager>(gateway)(backends.links),
    users: tracingMiddleware<UserManager>(gateway)(backends.users),
    social: tracingMiddleware<SocialGraphManager>(gateway)(backends.social),
    news: tracingMiddleware<NewsManager>(gateway)(backends.news),
  };
}
