import type { Endpoint } from '../../pkg/kit';
import type { LinkChecker, LinkCheckResult } from '../../pkg/link-checker';

export const makeCheckLinkEndpoint =
  (checker: LinkChecker): Endpoint<{ url: string }, LinkCheckResult> =>
  ({ url }) =>
    checker.check(url);
