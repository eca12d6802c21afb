import { InvalidArgumentError } from '../../../pkg/object-model';
import { decodeNewsToken, encodeNewsToken } from '../../../pkg/news-manager/page-token';

const token = (text: string) => Buffer.from(text).toString('base64url');
const refused = (value: string) => () => decodeNewsToken(value);
const INVALID = new InvalidArgumentError('startToken is not a valid page token');

describe('news page tokens', () => {
  it('round-trips a position', () => {
    expect(decodeNewsToken(encodeNewsToken('1700000000000-ev%2F1'))).toBe('1700000000000-ev%2F1');
  });

  it('reads no token and an empty token as the first page', () => {
    expect(decodeNewsToken(undefined)).toBeUndefined();
    expect(decodeNewsToken('')).toBeUndefined();
  });

  it('is base64url of news.v2: and the position', () => {
    expect(encodeNewsToken('5-a')).toBe(token('news.v2:5-a'));
  });

  it.each([
    ['a v1 token', token('news.v1:5-a')],
    ['a position without the prefix', token('5-a')],
    ['the prefix not at the start', token('x-news.v2:5-a')],
    ['the prefix with no position', token('news.v2:')],
    ['a position with a bad character', token('news.v2:5-a b')],
    ['base64 with +', `${token('news.v2:5-a')}+`],
    ['base64 with a / inside', `/${token('news.v2:5-a')}`],
    ['padding', `${token('news.v2:5-a')}=`],
  ])('refuses %s', (_what, value) => {
    expect(refused(value)).toThrow(INVALID);
    expect(refused(value)).toThrow(InvalidArgumentError);
  });

  it('decodes the longest token it makes, and refuses a longer one', () => {
    const longest = encodeNewsToken(`1-${'a'.repeat(256)}`);
    expect(decodeNewsToken(longest)).toBe(`1-${'a'.repeat(256)}`);
    expect(refused(token(`news.v2:1-${'a'.repeat(257)}`))).toThrow(INVALID);
    expect(refused('A'.repeat(513))).toThrow(INVALID);
  });
});
