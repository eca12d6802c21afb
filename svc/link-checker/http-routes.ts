import { CallGuard, CallerTokenVerifier, guardOperations } from '../../pkg/auth';
import { linkCheckerAccess, linkCheckerOperations } from '../../pkg/contracts/link-checker';
import { serveOperations, type MountableRoute } from '../../pkg/kit';
import type { LinkChecker } from '../../pkg/link-checker';

/**
 * The HTTP trigger: check one url on demand. No service may call it (its access table is
 * empty), so it knows no caller token: 401 without one, 403 with any.
 */
export function linkCheckerRoutes(checker: LinkChecker, open: boolean): MountableRoute[] {
  const nobody = new CallGuard(new CallerTokenVerifier(new Map()));
  return serveOperations(
    linkCheckerOperations,
    { check: ({ url }) => checker.check(url) },
    { authorize: open ? undefined : guardOperations(linkCheckerOperations, linkCheckerAccess, nobody) },
  );
}
