import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { publicAddressesOnly, type AddressPolicy } from './address-policy';

export interface LinkCheckResult {
  status: 'valid' | 'invalid';
  reason: string;
}

export interface CheckLinkOptions {
  /**
   * Deadline of the whole check, DNS and redirects included, up to the last status line.
   * Not an idle timeout: a server dripping one byte at a time cannot stretch it.
   */
  timeoutMs: number;
  maxRedirects: number;
  /** Which resolved addresses may be contacted; public ones only unless configured. */
  allowAddress?: AddressPolicy;
  /** DNS resolution (all addresses of a name); replaceable in tests. */
  resolve?: (hostname: string) => Promise<string[]>;
}

const defaultResolve = async (hostname: string) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

class Refused extends Error {}

/**
 * Checks that a url answers, without ever fetching a body, and without reaching an address
 * the policy forbids. Every hop is resolved here and every resolved address vetted; the
 * connection then goes to the vetted address itself, so a second DNS answer cannot
 * redirect it (no rebinding gap). HEAD first, GET when a server rejects HEAD.
 */
export async function checkLink(url: string, options: CheckLinkOptions): Promise<LinkCheckResult> {
  const allow = options.allowAddress ?? publicAddressesOnly;
  const resolve = options.resolve ?? defaultResolve;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { status: 'invalid', reason: 'not a url' };
  }
  const deadline = AbortSignal.timeout(options.timeoutMs);
  try {
    for (let hop = 0; hop <= options.maxRedirects; hop++) {
      if (target.protocol !== 'http:' && target.protocol !== 'https:') {
        return { status: 'invalid', reason: `unsupported protocol ${target.protocol}` };
      }
      const address = await beforeDeadline(vettedAddress(target.hostname, resolve, allow), deadline);
      let response = await head(target, address, 'HEAD', deadline);
      if (response.statusCode === 405 || response.statusCode === 501) {
        response = await head(target, address, 'GET', deadline);
      }
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && location) {
        target = new URL(location, target);
        continue;
      }
      if (status >= 200 && status < 400) return { status: 'valid', reason: `HTTP ${status}` };
      return { status: 'invalid', reason: `HTTP ${status}` };
    }
    return { status: 'invalid', reason: `more than ${options.maxRedirects} redirects` };
  } catch (error) {
    if (deadline.aborted)
      return { status: 'invalid', reason: `unreachable: no answer within ${options.timeoutMs} ms` };
    const reason =
      error instanceof Refused ? error.message : `unreachable: ${unreachableReason(error as Error)}`;
    return { status: 'invalid', reason };
  }
}

const DNS_FAILURES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_NODATA', 'EAI_FAIL']);

/** Says in words people read which step failed (the owner sees it beside the link). */
function unreachableReason(error: Error & { code?: string; hostname?: string }): string {
  const code = error.code ?? '';
  if (DNS_FAILURES.has(code)) return `DNS lookup of ${error.hostname ?? 'the host'} failed (${code})`;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET') return 'connection reset by the server';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `no route to the server (${code})`;
  if (/CERT|TLS|SSL|SELF_SIGNED|VERIFY/.test(code)) return `TLS: ${error.message}`;
  return error.message;
}

/** DNS lookups cannot be cancelled: the check stops waiting for one at the deadline. */
function beforeDeadline<T>(work: Promise<T>, deadline: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(deadline.reason);
    if (deadline.aborted) onAbort();
    deadline.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => deadline.removeEventListener('abort', onAbort));
  });
}

async function vettedAddress(
  hostname: string,
  resolve: (hostname: string) => Promise<string[]>,
  allow: AddressPolicy,
): Promise<string> {
  const host = hostname.replace(/^\[(.*)\]$/, '$1');
  const addresses = isIP(host) ? [host] : await resolve(host);
  if (addresses.length === 0) throw new Refused(`${host} does not resolve`);
  const refused = addresses.find((address) => !allow(address));
  if (refused) throw new Refused(`refused: ${host} resolves to a non-public address (${refused})`);
  return addresses[0];
}

/** Sends the request and settles on the status line; the body is never read. */
function head(
  target: URL,
  address: string,
  method: 'HEAD' | 'GET',
  deadline: AbortSignal,
): Promise<IncomingMessage> {
  const pinned: LookupFunction = (_hostname, options, callback) => {
    const family = isIP(address);
    if ((options as { all?: boolean }).all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(target, {
      method,
      lookup: pinned,
      // Aborts the connection wherever it is (connecting, TLS, half a status line).
      signal: deadline,
      headers: { 'user-agent': 'delinkcious-link-checker' },
    });
    request.on('response', (response) => {
      // Stop the download: only the status line and headers matter.
      response.destroy();
      request.destroy();
      resolve(response);
    });
    request.on('error', reject);
    request.end();
  });
}
