import { InvalidArgumentError } from '../object-model';
import { formatPosition, parsePosition } from './feed-position';

/**
 * Opaque feed page tokens naming the last entry of a page by its position (event time,
 * event id): events appended while someone pages never shift the pages already handed
 * out. v2 names event-time positions; v1 tokens named arrival positions in a store that
 * is gone, so they are refused like any other invalid token.
 */
const PREFIX = 'news.v2:';
/** Longer than any token encodeNewsToken makes: refused before it is even decoded. */
const MAX_TOKEN_LENGTH = 512;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

export function encodeNewsToken(position: string): string {
  return Buffer.from(PREFIX + position).toString('base64url');
}

/**
 * The position a page token names, checked fully (format, time range, characters)
 * before any store sees it: a bad token is the caller's mistake, INVALID_ARGUMENT.
 */
export function decodeNewsToken(token: string | undefined): string | undefined {
  if (token === undefined || token === '') return undefined;
  const invalid = new InvalidArgumentError('startToken is not a valid page token');
  if (token.length > MAX_TOKEN_LENGTH || !BASE64URL.test(token)) throw invalid;
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX)) throw invalid;
  const position = parsePosition(text.slice(PREFIX.length));
  if (!position) throw invalid;
  return formatPosition(position);
}
