import { LinkFilter } from '../../../pkg/link-manager/link-filter';
import { RegexPool } from '../../../pkg/link-manager/regex-pool';
import { InvalidArgumentError, type Link } from '../../../pkg/object-model';

const pool = new RegexPool(2);
afterAll(() => pool.close());

function link(description: string): Link {
  const at = '2024-01-01T00:00:00.000Z';
  return {
    url: 'https://a.example/',
    title: 't',
    description,
    tags: [],
    status: 'pending',
    private: false,
    createdAt: at,
    updatedAt: at,
  };
}

async function matches(pattern: string, text: string): Promise<boolean> {
  const filter = await LinkFilter.create({ description: pattern }, 5000, pool);
  return (await filter.select([link(text)])).length === 1;
}

describe('LinkFilter: RE2 syntax and semantics, as Go’s regexp', () => {
  it.each([
    ['an unanchored literal', 'pods', 'all about pods here', true],
    ['case-sensitive by default', 'KUBERNETES', 'kubernetes docs', false],
    ['(?i) case-insensitive', '(?i)KUBERNETES', 'kubernetes docs', true],
    ['(?i) with Unicode folding (Kelvin sign)', '(?i)k', '\u212a', true],
    ['^ at the start only', '^go', 'ago', false],
    ['^ anchor', '^go', 'golang', true],
    ['$ anchor', 'dev$', 'go.dev', true],
    ['^ is not per line without (?m)', '^b', 'a\nb', false],
    ['(?m) multi-line ^', '(?m)^b', 'a\nb', true],
    ['. does not match a newline', 'a.b', 'a\nb', false],
    ['(?s) lets . match a newline', '(?s)a.b', 'a\nb', true],
    ['. matches one code point, astral included', '^.$', '👍', true],
    ['\\b word boundary', '\\bk8s\\b', 'a k8s b', true],
    ['\\b inside a word', '\\bk8s\\b', 'ak8s', false],
    ['\\d with a count', '\\d{3}', 'ab123', true],
    ['bounded repetition', '^a{2,3}$', 'aaaa', false],
    ['alternation', 'cat|dog', 'hotdog', true],
    ['a negated class', '^[^0-9]+$', 'abc1', false],
    ['a POSIX class', '[[:alpha:]]', '123', false],
    ['a non-ASCII range', '[^\\x00-\\x7F]', 'abç', true],
    ['\\pL, a Unicode letter', '\\pL', '123é', true],
    ['\\PL, not a letter', '\\PL', 'abc', false],
    ['\\p{Greek}', '\\p{Greek}', 'αβγ', true],
    ['\\p{Greek} on Latin', '\\p{Greek}', 'abc', false],
    ['\\p{Lu} in a class', '[\\p{Lu}]', 'abC', true],
    ['\\x{…} code point escapes', '\\x{1F44D}', 'ok 👍', true],
    ['\\Q…\\E quotes', '\\Qa.b\\E', 'axb', false],
    ['a named group (?P<name>…)', '(?P<lang>go)lang', 'golang', true],
    ['(a+)+$ answers without backtracking', '(a+)+$', `${'a'.repeat(9_999)}!`, false],
    ['an empty-matching pattern', 'x*', '', true],
  ])('%s: %s on %j is %s', async (_name, pattern, text, expected) => {
    expect(await matches(pattern, text)).toBe(expected);
  });

  it.each([
    ['(', /missing closing \)/],
    ['a{1001}', /invalid repeat count/],
    ['(a{1000}){2}', /invalid repeat count/],
    ['\\1', /invalid escape sequence/],
    ['(?=a)', /unsupported Perl syntax/],
    ['(?<=a)b', /invalid named capture/],
    ['a++', /invalid nested repetition operator/],
    ['\\Z', /invalid escape sequence/],
    ['[z-a]', /invalid character class range/],
  ])('refuses %s, which Go refuses too, naming the field', async (pattern, message) => {
    const refused = LinkFilter.create({ title: pattern }, 5000, pool);
    await expect(refused).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(LinkFilter.create({ title: pattern }, 5000, pool)).rejects.toThrow(
      /^title is not a valid regular expression/,
    );
    await expect(LinkFilter.create({ title: pattern }, 5000, pool)).rejects.toThrow(message);
  });

  it('refuses a pattern over 1000 characters before compiling it', async () => {
    await expect(LinkFilter.create({ url: 'a'.repeat(1001) }, 5000, pool)).rejects.toThrow(
      'url pattern is longer than 1000 characters',
    );
  });

  it('keeps the links that match every field, in order', async () => {
    const filter = await LinkFilter.create({ url: '\\.dev/', title: '^Go', description: '' }, 5000, pool);
    const links = [
      { ...link('a'), url: 'https://go.dev/', title: 'Go' },
      { ...link('b'), url: 'https://go.dev/', title: 'Rust' },
      { ...link('c'), url: 'https://go.org/', title: 'Go' },
      { ...link('d'), url: 'https://tour.go.dev/', title: 'Go tour' },
    ];
    expect((await filter.select(links)).map((l) => l.description)).toEqual(['a', 'd']);
  });

  it('ends a match that outlives the budget with INVALID_ARGUMENT', async () => {
    const query = async () => {
      const filter = await LinkFilter.create({ description: '\\pL{1000}'.repeat(111) }, 300, pool);
      return filter.select([link('x'.repeat(10_000))]);
    };
    await expect(query()).rejects.toThrow(
      new InvalidArgumentError('the regular expressions took too long to evaluate; narrow the query'),
    );
  });

  it('never puts a query without patterns on a worker, so a plain listing never queues behind a slow filter', async () => {
    const run = jest.fn(() => Promise.reject(new Error('no worker should be asked')));
    const idle = { run } as unknown as RegexPool;
    const filter = await LinkFilter.create({ url: '', title: undefined }, 300, idle);
    expect(filter.isEmpty).toBe(true);
    expect(await filter.select([link('a'), link('b')])).toHaveLength(2);
    expect(run).not.toHaveBeenCalled();
  });

  it('passes on a failure of the pool itself, which is not the caller’s doing, instead of a 400', async () => {
    const broken = {
      run: () => Promise.reject(new Error('the regex pool is closed')),
    } as unknown as RegexPool;
    const created = LinkFilter.create({ description: 'x' }, 300, broken);
    await expect(created).rejects.toThrow('the regex pool is closed');
    await expect(created).rejects.not.toBeInstanceOf(InvalidArgumentError);
  });
});
