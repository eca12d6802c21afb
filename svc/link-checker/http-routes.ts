import { linkCheckerOperations } from '../../pkg/contracts/link-checker';
import { serveOperations, type MountableRoute } from '../../pkg/kit';
import type { LinkChecker } from '../../pkg/link-checker';

/** The HTTP trigger: check one url on demand. */
export function linkCheckerRoutes(checker: LinkChecker): MountableRoute[] {
  return serveOperations(linkCheckerOperations, { check: ({ url }) => checker.check(url) });
}
