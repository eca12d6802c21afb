import { linkHandlersOf, linkServiceOperations } from '../../pkg/contracts/link-service';
import { serveOperations, type MountableRoute } from '../../pkg/kit';
import type { LinkManager } from '../../pkg/object-model';

/** The link service's contract served by the (instrumented) service. */
export function linkRoutes(svc: LinkManager): MountableRoute[] {
  return serveOperations(linkServiceOperations, linkHandlersOf(svc));
}
