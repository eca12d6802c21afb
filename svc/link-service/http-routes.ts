import { linkServiceOperations } from '../../pkg/contracts/link-service';
import { serveOperations, type MountableRoute } from '../../pkg/kit';
import type { LinkManager } from '../../pkg/object-model';

/** The link service's contract served by the (instrumented) service. */
export function linkRoutes(svc: LinkManager): MountableRoute[] {
  return serveOperations(linkServiceOperations, {
    getLinks: (request) => svc.getLinks(request),
    addLink: async (request) => ({ link: await svc.addLink(request) }),
    updateLink: async (request) => ({ link: await svc.updateLink(request) }),
    deleteLink: (request) => svc.deleteLink(request),
  });
}
