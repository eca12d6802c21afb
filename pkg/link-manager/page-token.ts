import { InvalidArgumentError } from '../object-model';

/**
 * Opaque keyset page tokens. The token names the last link of the page by its id, so
 * links that share a timestamp, or that are added while someone pages, never shift the
 * pages (which an offset or a one-second timestamp would).
 */
const PREFIX = 'links.v1:';

export function encodePageToken(lastId: string): string {
  return Buffer.from(PREFIX + lastId).toString('base64url');
}

export function decodePageToken(token: string | undefined): string | undefined {
  if (token === undefined || token === '') return undefined;
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const id = text.startsWith(PREFIX) ? text.slice(PREFIX.length) : '';
  if (!/^[1-9][0-9]{0,18}$/.test(id)) throw new InvalidArgumentError('start is not a valid page token');
  return id;
}
