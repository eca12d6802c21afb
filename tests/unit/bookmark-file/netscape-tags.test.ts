import fc from 'fast-check';
import {
  escapeTag,
  joinTags,
  netscapeBookmarkFile,
  parseNetscapeBookmarks,
  splitTags,
} from '../../../pkg/bookmark-file';
import { checkTags } from '../../../pkg/link-manager/link-input';
import { isStorableText, LINK_LIMITS, type Link } from '../../../pkg/object-model';

const link = (tags: string[]): Link => ({
  url: 'https://example.org/',
  title: 'Example',
  description: '',
  tags,
  status: 'pending',
  private: false,
  createdAt: '2024-01-02T03:04:05.000Z',
  updatedAt: '2024-01-02T03:04:05.000Z',
});

/** A tag as the API stores it: storable text, trimmed, non-empty, at most 64 characters. */
const acceptedTag = fc
  .string({
    unit: fc.oneof(
      fc.constantFrom(',', '%', '2', '5', 'C', 'c', ' ', '\t', '\n', '&', '"', '<', '>', ';', '\\'),
      fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme' }),
    ),
    minLength: 1,
    maxLength: LINK_LIMITS.tagLength,
  })
  .filter(
    (tag) => isStorableText(tag) && tag.trim() === tag && tag !== '' && tag.length <= LINK_LIMITS.tagLength,
  );

describe('tags in the TAGS attribute', () => {
  it('escapes a comma inside a tag, and a % only where it would read as an escape', () => {
    expect(joinTags(['Paris, France', 'docs'])).toBe('Paris%2C France,docs');
    expect(escapeTag('100%')).toBe('100%');
    expect(escapeTag('%2C')).toBe('%252C');
    expect(escapeTag('%25 off')).toBe('%2525 off');
    expect(escapeTag('%2c')).toBe('%252c');
    expect(splitTags('Paris%2C France,docs, k8s ,,')).toEqual(['Paris, France', 'docs', 'k8s']);
  });

  it("reads browsers' tags as they are: they hold no comma, and a lone % is a %", () => {
    expect(splitTags('k8s,docs')).toEqual(['k8s', 'docs']);
    expect(splitTags('100%,50% off,%zz')).toEqual(['100%', '50% off', '%zz']);
  });

  it('writes every tag the API accepts so that it reads back exactly, through the whole file', () => {
    fc.assert(
      fc.property(fc.uniqueArray(acceptedTag, { maxLength: 8 }), (tags) => {
        expect(checkTags(tags)).toEqual(tags);
        const file = [...netscapeBookmarkFile([link(tags)])].join('');
        expect(parseNetscapeBookmarks(file)[0].tags).toEqual(tags);
      }),
      { numRuns: 500 },
    );
  });
});
