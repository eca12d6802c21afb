import { anyAddress, publicAddressesOnly } from './address-policy';
import { checkLink, type CheckLinkOptions, type LinkCheckResult } from './check-link';

export interface LinkChecker {
  check(url: string): Promise<LinkCheckResult>;
}

export interface LinkCheckerOptions {
  timeoutMs: number;
  maxRedirects: number;
  /** Only for local runs and tests: lets the checker reach loopback and private addresses. */
  allowPrivateAddresses: boolean;
}

/** The link checker as a service object: the consumer, the HTTP trigger and the Nuclio handler share it. */
export class SafeLinkChecker implements LinkChecker {
  private readonly options: CheckLinkOptions;

  constructor(options: LinkCheckerOptions, overrides: Partial<CheckLinkOptions> = {}) {
    this.options = {
      timeoutMs: options.timeoutMs,
      maxRedirects: options.maxRedirects,
      allowAddress: options.allowPrivateAddresses ? anyAddress : publicAddressesOnly,
      ...overrides,
    };
  }

  check(url: string): Promise<LinkCheckResult> {
    return checkLink(url, this.options);
  }
}
