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

/**
 * Search results are ordered by rank, then id: their token names both (`links.q.v1:rank:id`),
 * so paging a search is as stable as paging the list. A list token is not a search token,
 * nor the reverse: each answers 400 in the other's place.
 */
const SEARCH_PREFIX = 'links.q.v1:';

export interface SearchCursor {
  rank: number;
  id: string;
}

export function encodeSearchPageToken({ rank, id }: SearchCursor): string {
  return Buffer.from(`${SEARCH_PREFIX}${rank}:${id}`).toString('base64url');
}

export function decodeSearchPageToken(token: string | undefined): SearchCursor | undefined {
  if (token === undefined || token === '') return undefined;
  const text = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '';
  const match = /^links\.q\.v1:(0|[1-9][0-9]{0,8}):([1-9][0-9]{0,18})$/.exec(text);
  const cursor = match ? { rank: Number(match[1]), id: match[2] } : undefined;
  if (!cursor || BigInt(cursor.id) > MAX_ID || encodeSearchPageToken(cursor) !== token) {
    throw new InvalidArgumentError('start is not a valid page token for this search');
  }
  return cursor;
}
