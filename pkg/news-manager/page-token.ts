import { InvalidArgumentError } from '../object-model';
import { FEED_POSITION } from './feed-store';

/**
 * Opaque feed page tokens naming the last entry of a page by its position: events
 * appended while someone pages are newer and never shift the pages already handed out.
 */
const PREFIX = 'news.v1:';

export function encodeNewsToken(position: string): string {
  return Buffer.from(PREFIX + position).toString('base64url');
}

export function decodeNewsToken(token: string | undefined): string | undefined {
  if (token === undefined || token === '') return undefined;
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const position = text.startsWith(PREFIX) ? text.slice(PREFIX.length) : '';
  if (!FEED_POSITION.test(position)) throw new InvalidArgumentError('startToken is not a valid page token');
  return position;
}
