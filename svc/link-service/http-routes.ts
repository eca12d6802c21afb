import { guardOperations, type CallGuard } from '../../pkg/auth';
import { linkHandlersOf, linkServiceAccess, linkServiceOperations } from '../../pkg/contracts/link-service';
import { serveOperations, type MountableRoute } from '../../pkg/kit';
import type { LinkManager } from '../../pkg/object-model';

/** The link service's contract served by the (instrumented) service, to the callers its access table names. */
export function linkRoutes(svc: LinkManager, guard?: CallGuard): MountableRoute[] {
  return serveOperations(linkServiceOperations, linkHandlersOf(svc), {
    authorize: guard && guardOperations(linkServiceOperations, linkServiceAccess, guard),
  });
}
