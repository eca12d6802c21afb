import { InvalidArgumentError } from '../object-model';

/**
 * Opaque keyset page tokens. The token names the last link of the page by its id, so
 * links that share a timestamp, or that are added while someone pages, never shift the
 * pages (which an offset or a one-second timestamp would).
 */
const PREFIX = 'links.v1:';
/** Ids are Postgres bigserials: a larger number would fail in the store, as a 500. */
const MAX_ID = 2n ** 63n - 1n;

export function encodePageToken(lastId: string): string {
  return Buffer.from(PREFIX + lastId).toString('base64url');
}

/**
 * Accepts exactly the tokens encodePageToken makes, so no caller-made value reaches the
 * store: base64url without padding, the prefix, and an id from 1 to 2^63-1 with no
 * leading zeros.
 */
export function decodePageToken(token: string | undefined): string | undefined {
  if (token === undefined || token === '') return undefined;
  const text = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '';
  const id = text.startsWith(PREFIX) ? text.slice(PREFIX.length) : '';
  const valid = /^[1-9][0-9]{0,18}$/.test(id) && BigInt(id) <= MAX_ID && encodePageToken(id) === token;
  if (!valid) throw new InvalidArgumentError('start is not a valid page token');
  return id;
}
