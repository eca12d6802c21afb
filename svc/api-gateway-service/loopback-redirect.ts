import { InvalidArgumentError } from '../../pkg/object-model';

/**
 * A native client's redirect address (RFC 8252 §7.3): plain http to the IP loopback with an
 * explicit port, any path. Only the literal addresses: `localhost` may be resolved elsewhere
 * (a hosts file, a proxy), and any other host would make GET /login an open redirect that
 * hands out login codes.
 */
const LOOPBACK = /^http:\/\/(127\.0\.0\.1|\[::1\]):([0-9]{1,5})(\/[!-"$-~]*)$/;
/** Checked by the route's query schema, before the pattern. */
export const LOOPBACK_REDIRECT_MAX_LENGTH = 300;

export const LOOPBACK_REDIRECT_RULE =
  'redirect_uri must be http://127.0.0.1:<port>/<path> or http://[::1]:<port>/<path> (a loopback address with a port, no fragment)';

/** The redirect address as it will be used, or a 400 saying what is accepted. */
export function loopbackRedirect(value: string): string {
  const match = LOOPBACK.exec(value);
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65535) throw new InvalidArgumentError(LOOPBACK_REDIRECT_RULE);
  // The pattern fixes the host before the first '/', so parsing cannot move it elsewhere.
  return new URL(value).href;
}
