import {
  foldWords,
  matchQuery,
  parseSearch,
  rankInMemory,
  rankQuery,
  searchDocument,
  type LinkSearch,
} from '../../../pkg/link-manager/link-search';
import { InvalidArgumentError, LINK_LIMITS, type Link } from '../../../pkg/object-model';

const refused = (q: string, message: string) =>
  expect(() => parseSearch(q)).toThrow(new InvalidArgumentError(message));

function link(fields: Partial<Link> = {}): Link {
  return {
    url: 'https://e.com/',
    title: 'Title',
    description: '',
    tags: [],
    status: 'pending',
    private: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...fields,
  };
}

const search = (fields: Partial<LinkSearch>): LinkSearch => ({
  words: [],
  excluded: [],
  tags: [],
  ...fields,
});

describe('foldWords', () => {
  it('lower-cases words and strips their accents', () => {
    expect(foldWords('Café-Crème ÉTÉ')).toEqual(['cafe', 'creme', 'ete']);
  });

  it('splits on anything but letters and digits, keeping digits inside words', () => {
    expect(foldWords('k8s, v1.2/über_all')).toEqual(['k8s', 'v1', '2', 'uber', 'all']);
  });

  it('keeps a script’s own vowel signs and viramas inside its words (Devanagari)', () => {
    expect(foldWords('हिन्दी भाषा')).toEqual(['हिन्दी', 'भाषा']);
  });

  it('leaves no empty word for leading or trailing separators', () => {
    expect(foldWords(' --go-- ')).toEqual(['go']);
    expect(foldWords('...')).toEqual([]);
  });

  it('folds compatibility forms too (ligatures, full-width letters)', () => {
    expect(foldWords('ﬁle ＡＢ')).toEqual(['file', 'ab']);
  });

  it('keeps a word of the longest searchable length, and drops one a letter longer', () => {
    const longest = 'w'.repeat(200);
    expect(foldWords(`a ${longest} b`)).toEqual(['a', longest, 'b']);
    expect(foldWords(`a ${longest}w b`)).toEqual(['a', 'b']);
  });
});

describe('parseSearch', () => {
  it('takes words, excluded words and tags apart, folding the words but not the tags', () => {
    expect(parseSearch('  Kubernetes\t-Café  tag:K8s \n guide ')).toEqual({
      words: ['kubernetes', 'guide'],
      excluded: ['cafe'],
      tags: ['K8s'],
    });
  });

  it('splits a word or an excluded word with separators into several', () => {
    expect(parseSearch('go-lang -foo.bar')).toEqual({
      words: ['go', 'lang'],
      excluded: ['foo', 'bar'],
      tags: [],
    });
  });

  it('takes a lone "tag:" as the word "tag", and a lone "-" as nothing', () => {
    expect(parseSearch('tag: - x')).toEqual({ words: ['tag', 'x'], excluded: [], tags: [] });
  });

  it('takes "tag:" only at the start of a token, and "-" only at its start', () => {
    expect(parseSearch('a-b xtag:y')).toEqual({ words: ['a', 'b', 'xtag', 'y'], excluded: [], tags: [] });
  });

  it('counts each word, excluded word and tag once', () => {
    expect(parseSearch('go Go -x -X tag:t tag:t')).toEqual({ words: ['go'], excluded: ['x'], tags: ['t'] });
  });

  it('accepts a search of exactly the longest length', () => {
    const q = `a${' '.repeat(LINK_LIMITS.searchLength - 1)}`;
    expect(parseSearch(q)).toEqual({ words: ['a'], excluded: [], tags: [] });
  });

  it('refuses a search one character longer, naming the limit', () => {
    refused(`a${' '.repeat(LINK_LIMITS.searchLength)}`, 'q is longer than 500 characters');
  });

  it.each(['', '   ', '- -- ...', '-...'])('refuses %p, which has no word to search for', (q) => {
    refused(q, 'q has no word to search for');
  });

  it('accepts a tag alone, or an excluded word alone', () => {
    expect(parseSearch('tag:go').tags).toEqual(['go']);
    expect(parseSearch('-go').excluded).toEqual(['go']);
  });

  const words = (count: number) => Array.from({ length: count }, (_, i) => `w${i}`);

  it('accepts 20 search terms, counting words, excluded words and tags together', () => {
    const q = [...words(18), '-x', 'tag:t'].join(' ');
    expect(parseSearch(q).words).toHaveLength(18);
  });

  it.each([
    ['words', words(21).join(' ')],
    ['words, excluded words and tags', [...words(19), '-x', 'tag:t'].join(' ')],
    [
      'excluded words',
      words(21)
        .map((w) => `-${w}`)
        .join(' '),
    ],
    [
      'tags',
      words(21)
        .map((w) => `tag:${w}`)
        .join(' '),
    ],
  ])('refuses 21 search terms (%s)', (_kind, q) => {
    refused(q, 'q has more than 20 words');
  });

  it('accepts a tag of the longest length, and refuses one a character longer', () => {
    const tag = 't'.repeat(LINK_LIMITS.tagLength);
    expect(parseSearch(`tag:${tag}`).tags).toEqual([tag]);
    refused(`tag:${tag}t`, 'q has a tag longer than 64 characters');
  });
});

describe('searchDocument', () => {
  it('numbers the words of the title (A), the tags (B), then the url and description (C)', () => {
    const document = searchDocument(
      link({ title: 'Go Guide', tags: ['dev', 'Lang'], url: 'https://go.dev/', description: 'Tour' }),
    );
    expect(document).toBe("'go':1A 'guide':2A 'dev':3B 'lang':4B 'https':5C 'go':6C 'dev':7C 'tour':8C");
  });

  it('keeps the first 16383 positions, the most Postgres stores', () => {
    const description = Array.from({ length: 16_400 }, (_, i) => `w${i}`).join(' ');
    const words = searchDocument(link({ title: 'T', url: 'x', description })).split(' ');
    expect(words).toHaveLength(16_383);
    expect(words.at(-1)).toBe("'w16380':16383C");
  });
});

describe('matchQuery', () => {
  it('requires every word as a prefix and no excluded word', () => {
    expect(matchQuery(search({ words: ['go', 'guide'], excluded: ['old'] }))).toBe(
      "'go':* & 'guide':* & !'old':*",
    );
  });

  it('is an excluded word alone when there are no words', () => {
    expect(matchQuery(search({ excluded: ['old'] }))).toBe("!'old':*");
  });

  it('is nothing for a search of tags only', () => {
    expect(matchQuery(search({ tags: ['go'] }))).toBeUndefined();
  });
});

describe('rankQuery', () => {
  it('ranks by any of the words, leaving out the excluded ones', () => {
    expect(rankQuery(search({ words: ['go', 'guide'], excluded: ['old'] }))).toBe("'go':* | 'guide':*");
  });

  it('is nothing without words', () => {
    expect(rankQuery(search({ excluded: ['old'], tags: ['go'] }))).toBeUndefined();
  });
});

describe('rankInMemory', () => {
  const rank = (fields: Partial<Link>, q: Partial<LinkSearch>) => rankInMemory(link(fields), search(q));

  it('matches words as prefixes of the link’s words, in any field', () => {
    expect(rank({ title: 'Kubernetes' }, { words: ['kube'] })).toBeDefined();
    expect(rank({ tags: ['Kubernetes'] }, { words: ['kube'] })).toBeDefined();
    expect(rank({ description: 'kubernetes' }, { words: ['kube'] })).toBeDefined();
    expect(rank({ url: 'https://kubernetes.io/' }, { words: ['kube'] })).toBeDefined();
  });

  it('does not match a word inside another word', () => {
    expect(rank({ title: 'minikube' }, { words: ['kube'] })).toBeUndefined();
  });

  it('needs every word', () => {
    expect(rank({ title: 'go guide' }, { words: ['go', 'rust'] })).toBeUndefined();
    expect(rank({ title: 'go rust' }, { words: ['go', 'rust'] })).toBeDefined();
  });

  it('refuses a link with any excluded word, and keeps one without', () => {
    expect(rank({ title: 'go guide' }, { words: ['go'], excluded: ['old', 'gui'] })).toBeUndefined();
    expect(rank({ title: 'go guide' }, { words: ['go'], excluded: ['old', 'new'] })).toBeDefined();
  });

  it('needs every tag, matched exactly', () => {
    expect(rank({ tags: ['go', 'dev'] }, { tags: ['go', 'dev'] })).toBe(0);
    expect(rank({ tags: ['go'] }, { tags: ['go', 'dev'] })).toBeUndefined();
    expect(rank({ tags: ['golang', 'Go'] }, { tags: ['go'] })).toBeUndefined();
  });

  // Ranks are scaled by RANK_SCALE (10^6): a field's weight plus a thousandth per occurrence.
  it('ranks a title match above a tag match, above a url or description match', () => {
    expect(rank({ title: 'go' }, { words: ['go'] })).toBe(1_001_000);
    expect(rank({ title: 'x', tags: ['go'] }, { words: ['go'] })).toBe(401_000);
    expect(rank({ title: 'x', description: 'go' }, { words: ['go'] })).toBe(201_000);
  });

  it('ranks a word that begins a link’s word as if it were the whole word', () => {
    expect(rank({ title: 'golang' }, { words: ['go'] })).toBe(1_001_000);
  });

  it('ranks a word by its best field, then by how often it occurs', () => {
    expect(rank({ title: 'go go', description: 'go' }, { words: ['go'] })).toBe(1_003_000);
  });

  it('averages the ranks of the words', () => {
    expect(rank({ title: 'go', description: 'rust' }, { words: ['go', 'rust'] })).toBe(601_000);
  });
});
