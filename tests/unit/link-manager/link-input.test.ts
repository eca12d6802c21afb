import {
  checkDescription,
  checkPrivate,
  checkTagCount,
  checkTags,
  checkTitle,
  checkUrl,
  LINK_LIMITS,
} from '../../../pkg/link-manager/link-input';
import { InvalidArgumentError } from '../../../pkg/object-model';

// The checks every link write goes through (add, update, import, tag rename), each at both
// sides of its limit and with the exact message the caller reads.
const refused = (check: () => unknown, message: string) =>
  expect(check).toThrow(new InvalidArgumentError(message));

describe('checkUrl', () => {
  it.each([undefined, 7, ''])('requires a url: refuses %p', (value) => {
    refused(() => checkUrl(value), 'url is required');
  });

  it('accepts a url of exactly the longest length, unchanged', () => {
    const url = `https://e.com/${'u'.repeat(LINK_LIMITS.urlLength - 14)}`;
    expect(url).toHaveLength(LINK_LIMITS.urlLength);
    expect(checkUrl(url)).toBe(url);
  });

  it('refuses a url one character longer, naming the limit', () => {
    const url = `https://e.com/${'u'.repeat(LINK_LIMITS.urlLength - 13)}`;
    refused(() => checkUrl(url), 'url is longer than 2048 characters');
  });

  it.each(['example.com/page', '/relative', 'https://'])('refuses %p, which is no absolute url', (value) => {
    refused(() => checkUrl(value), 'url must be an absolute http or https URL');
  });

  it.each(['ftp://e.com/file', 'javascript:alert(1)', 'file:///etc/passwd'])(
    'refuses %p, an absolute url of another protocol',
    (value) => {
      refused(() => checkUrl(value), 'url must be an absolute http or https URL');
    },
  );

  it.each(['http://e.com/', 'https://e.com/'])('accepts %p', (value) => {
    expect(checkUrl(value)).toBe(value);
  });
});

describe('checkTitle', () => {
  it('trims the title', () => {
    expect(checkTitle('  a title \n')).toBe('a title');
  });

  it.each([undefined, 5, '', '   '])('requires a title: refuses %p', (value) => {
    refused(() => checkTitle(value), 'title is required');
  });

  it('accepts the longest title, counted after trimming', () => {
    const title = 't'.repeat(LINK_LIMITS.titleLength);
    expect(checkTitle(` ${title} `)).toBe(title);
  });

  it('refuses a title one character longer', () => {
    refused(() => checkTitle('t'.repeat(LINK_LIMITS.titleLength + 1)), 'title is longer than 500 characters');
  });
});

describe('checkDescription', () => {
  it('reads a missing description as empty', () => {
    expect(checkDescription(undefined)).toBe('');
  });

  it('keeps a description as given, spaces included', () => {
    expect(checkDescription(' d ')).toBe(' d ');
  });

  it.each([null, 5, ['d']])('refuses %p, which is not a string', (value) => {
    refused(() => checkDescription(value), 'description must be a string');
  });

  it('accepts the longest description and refuses one character more', () => {
    const longest = 'd'.repeat(LINK_LIMITS.descriptionLength);
    expect(checkDescription(longest)).toBe(longest);
    refused(() => checkDescription(`${longest}d`), 'description is longer than 10000 characters');
  });
});

describe('checkTags', () => {
  it('reads missing tags as none', () => {
    expect(checkTags(undefined)).toEqual([]);
  });

  it('trims tags and drops duplicates, keeping the first order', () => {
    expect(checkTags([' go ', 'k8s', 'go', 'k8s '])).toEqual(['go', 'k8s']);
  });

  it.each([
    ['a string', 'go'],
    ['an object', { 0: 'go' }],
    ['null', null],
  ])('refuses %s in place of a list, naming the field', (_what, value) => {
    refused(() => checkTags(value, 'addTags'), 'addTags must be an array of strings');
  });

  it('refuses a list holding something other than a string', () => {
    refused(() => checkTags(['go', 7]), 'tags must be an array of strings');
  });

  it.each(['', '  '])('refuses an empty tag %p', (tag) => {
    refused(() => checkTags(['go', tag], 'removeTags'), 'removeTags must not contain empty tags');
  });

  it('accepts the longest tag, counted after trimming, and refuses one character more', () => {
    const longest = 'g'.repeat(LINK_LIMITS.tagLength);
    expect(checkTags([` ${longest} `])).toEqual([longest]);
    refused(() => checkTags([`${longest}g`], 'to'), 'to has a tag longer than 64 characters');
  });
});

describe('checkTagCount', () => {
  const tags = (count: number) => Array.from({ length: count }, (_, i) => `t${i}`);

  it('accepts as many tags as a link may have', () => {
    expect(checkTagCount(tags(LINK_LIMITS.tagsPerLink))).toEqual(tags(50));
  });

  it('refuses one tag more', () => {
    refused(() => checkTagCount(tags(LINK_LIMITS.tagsPerLink + 1)), 'a link has at most 50 tags');
  });
});

describe('checkPrivate', () => {
  it('leaves a missing flag undefined, so an update keeps the link as it is', () => {
    expect(checkPrivate(undefined)).toBeUndefined();
  });

  it.each([true, false])('accepts %p', (value) => {
    expect(checkPrivate(value)).toBe(value);
  });

  it.each(['true', 1, null])('refuses %p, which is not a boolean', (value) => {
    refused(() => checkPrivate(value), 'private must be true or false');
  });
});
