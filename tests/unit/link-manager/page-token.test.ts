import {
  decodePageToken,
  decodeSearchPageToken,
  encodePageToken,
  encodeSearchPageToken,
} from '../../../pkg/link-manager/page-token';
import { InvalidArgumentError } from '../../../pkg/object-model';

const token = (text: string) => Buffer.from(text).toString('base64url');
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** The same token with the lowest of its last character's unused bits set: it decodes to the same text. */
const withStrayBits = (canonical: string) =>
  canonical.slice(0, -1) + BASE64URL[BASE64URL.indexOf(canonical.slice(-1)) | 1];

describe('links page tokens', () => {
  it('reads back every id it makes, up to the largest Postgres bigint', () => {
    for (const id of ['1', '9', '10', '1234567890123456789', '9223372036854775807']) {
      expect(decodePageToken(encodePageToken(id))).toBe(id);
    }
  });

  it('treats no token, or an empty one, as the first page', () => {
    expect(decodePageToken(undefined)).toBeUndefined();
    expect(decodePageToken('')).toBeUndefined();
  });

  it.each([
    ['an id beyond bigint (2^63)', token('links.v1:9223372036854775808')],
    ['the largest 19-digit number', token('links.v1:9999999999999999999')],
    ['20 digits', token('links.v1:10000000000000000000')],
    ['id 0', token('links.v1:0')],
    ['a leading zero', token('links.v1:01')],
    ['a negative id', token('links.v1:-1')],
    ['a sign', token('links.v1:+1')],
    ['a fraction', token('links.v1:1.5')],
    ['an exponent', token('links.v1:1e3')],
    ['trailing text', token('links.v1:12x')],
    ['a trailing newline', token('links.v1:12\n')],
    ['leading space', token('links.v1: 12')],
    ['no id', token('links.v1:')],
    ['another prefix', token('news.v1:12')],
    ['a prefix in the wrong case', token('LINKS.v1:12')],
    ['no prefix', token('12')],
    ['the prefix twice', token('links.v1:links.v1:12')],
    ['characters outside base64url', `${encodePageToken('12')}!`],
    ['standard base64 with padding', Buffer.from('links.v1:12').toString('base64')],
    ['a space inside', `${encodePageToken('12').slice(0, 4)} ${encodePageToken('12').slice(4)}`],
    ['a non-canonical last character', encodePageToken('12').slice(0, -1) + 'z'],
    ['plain text', 'xyz'],
  ])('refuses %s with INVALID_ARGUMENT', (_name, start) => {
    expect(() => decodePageToken(start)).toThrow(InvalidArgumentError);
    expect(() => decodePageToken(start)).toThrow('start is not a valid page token');
  });
});

describe('links page tokens, byte for byte', () => {
  it('refuses a token that decodes to a valid id but is not the one it makes (stray bits at the end)', () => {
    const canonical = encodePageToken('12');
    const stray = withStrayBits(canonical);
    expect(stray).not.toBe(canonical);
    expect(Buffer.from(stray, 'base64url').toString('utf8')).toBe('links.v1:12');
    expect(() => decodePageToken(stray)).toThrow(new InvalidArgumentError('start is not a valid page token'));
  });
});

describe('search page tokens', () => {
  it('reads back the rank and id it makes', () => {
    for (const cursor of [
      { rank: 0, id: '1' },
      { rank: 607927, id: '42' },
      { rank: 999999999, id: '9223372036854775807' },
    ]) {
      expect(decodeSearchPageToken(encodeSearchPageToken(cursor))).toEqual(cursor);
    }
    expect(decodeSearchPageToken(undefined)).toBeUndefined();
  });

  it.each([
    ['a list token', encodePageToken('12')],
    ['no rank', token('links.q.v1:12')],
    ['a negative rank', token('links.q.v1:-1:12')],
    ['a fractional rank', token('links.q.v1:0.5:12')],
    ['a rank with a leading zero', token('links.q.v1:01:12')],
    ['a rank past 10^9', token('links.q.v1:1000000000:12')],
    ['id 0', token('links.q.v1:5:0')],
    ['an id beyond bigint', token('links.q.v1:5:9223372036854775808')],
    ['padding', `${token('links.q.v1:5:12')}=`],
    ['trailing text', token('links.q.v1:5:12;drop')],
  ])('refuses %s', (_name, value) => {
    expect(() => decodeSearchPageToken(value)).toThrow(
      new InvalidArgumentError('start is not a valid page token for this search'),
    );
  });

  it('treats an empty token as the first page of the search', () => {
    expect(decodeSearchPageToken('')).toBeUndefined();
  });

  it('refuses a token that decodes to a valid cursor but is not the one it makes (stray bits at the end)', () => {
    const canonical = encodeSearchPageToken({ rank: 5, id: '123' });
    const stray = withStrayBits(canonical);
    expect(stray).not.toBe(canonical);
    expect(Buffer.from(stray, 'base64url').toString('utf8')).toBe('links.q.v1:5:123');
    expect(() => decodeSearchPageToken(stray)).toThrow(InvalidArgumentError);
  });

  it('is not accepted as a list token', () => {
    expect(() => decodePageToken(encodeSearchPageToken({ rank: 1, id: '2' }))).toThrow(InvalidArgumentError);
  });
});
