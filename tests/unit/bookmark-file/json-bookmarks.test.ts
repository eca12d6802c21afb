import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BookmarkFileReader, parseJsonBookmarks } from '../../../pkg/bookmark-file';
import { InvalidArgumentError } from '../../../pkg/object-model';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/bookmarks', name), 'utf8');

/** Reads a body in chunks of `size` characters, as the gateway receives it. */
function readInChunks(body: string, size: number, declaredJson = false) {
  const reader = new BookmarkFileReader(declaredJson);
  for (let at = 0; at < body.length; at += size) reader.write(body.slice(at, at + size));
  return reader.end();
}

describe('Pinboard JSON', () => {
  it("reads Pinboard's export: description is the title, extended the description, shared no is private", () => {
    expect(parseJsonBookmarks(fixture('pinboard.json'))).toEqual([
      {
        url: 'https://go.dev/blog/',
        title: 'The Go Blog',
        description: 'Posts from the Go team',
        tags: ['go', 'programming'],
        createdAt: '2021-04-05T06:07:08Z',
        private: false,
      },
      {
        url: 'https://www.bankofengland.co.uk/statistics',
        title: 'Statistics | Bank of England',
        tags: ['finance', 'to-check'],
        createdAt: '2022-11-12T10:00:00Z',
        private: true,
      },
      {
        url: 'https://www.zeit.de/index',
        title: 'ZEIT ONLINE | Nachrichten, Hintergründe und Debatten',
        description: 'Nachrichten aus Politik, Wirtschaft & Kultur',
        tags: [],
        createdAt: '2020-01-02T03:04:05Z',
        private: false,
      },
      // Not an http url: the link service skips it with the reason, as any such bookmark.
      {
        url: 'ftp://ftp.example.org/pub/',
        title: 'Old FTP mirror',
        tags: ['archive'],
        createdAt: '2015-06-07T08:09:10Z',
        private: false,
      },
    ]);
  });

  it('takes a bookmark with only its href; unsaid sharing stays unsaid', () => {
    expect(parseJsonBookmarks('[{"href":"https://a.example/"}]')).toEqual([
      { url: 'https://a.example/', title: '', tags: [] },
    ]);
  });
});

describe('linkding JSON', () => {
  it("reads linkding's API answer: tag_names, shared false is private, page title and notes as fallbacks", () => {
    const links = parseJsonBookmarks(fixture('linkding.json'));
    expect(links).toEqual([
      {
        url: 'https://docs.djangoproject.com/en/5.0/',
        title: 'Django documentation | Django',
        description:
          'The web framework for perfectionists with deadlines.\n\nRead the release notes before upgrading',
        tags: ['django', 'python'],
        createdAt: '2024-01-15T10:20:30.123456Z',
        private: false,
      },
      {
        url: 'https://www.postgresql.org/docs/current/',
        title: 'PostgreSQL manual',
        description: "The current release's manual",
        tags: ['databases'],
        createdAt: '2023-09-01T12:00:00Z',
        private: true,
      },
      {
        url: 'https://www.zeit.de/index',
        title: 'ZEIT ONLINE',
        tags: ['news', 'deutsch'],
        createdAt: '2019-12-31T23:00:00Z',
        private: false,
      },
    ]);
  });

  it('reads a plain array of linkding bookmarks the same way', () => {
    const { results } = JSON.parse(fixture('linkding.json')) as { results: unknown[] };
    expect(parseJsonBookmarks(JSON.stringify(results))).toEqual(parseJsonBookmarks(fixture('linkding.json')));
  });
});

describe('JSON that is not an export', () => {
  it.each([
    ['not JSON at all', '{"href": ', /^not valid JSON \(.+\): a JSON import is Pinboard's export/],
    ['a number', '42', /^not a bookmark export: a JSON import is Pinboard's export/],
    ['an object without results', '{"bookmarks": []}', /^not a bookmark export/],
    ['objects of neither format', '[{"link": "https://a.example/"}]', /^not a bookmark export/],
    [
      'a Pinboard bookmark of the wrong shape',
      '[{"href":"https://a.example/"},{"href":7}]',
      /^not a Pinboard export: bookmark 2: href: /,
    ],
    [
      'Pinboard sharing that is not yes or no',
      '[{"href":"https://a.example/","shared":true}]',
      /^not a Pinboard export: bookmark 1: shared: /,
    ],
    [
      'linkding tags as a string',
      '{"results":[{"url":"https://a.example/","tag_names":"a b"}]}',
      /^not a linkding export: bookmark 1: tag_names: /,
    ],
    [
      'a linkding bookmark without its url',
      '[{"url":"https://a.example/"},{"title":"x"}]',
      /^not a linkding export: bookmark 2: url: /,
    ],
  ])('refuses %s', (_what, body, message) => {
    expect(() => parseJsonBookmarks(body)).toThrow(InvalidArgumentError);
    expect(() => parseJsonBookmarks(body)).toThrow(message);
  });

  it('reads an empty export as no bookmarks, and tolerates a byte order mark', () => {
    expect(parseJsonBookmarks('[]')).toEqual([]);
    expect(parseJsonBookmarks('{"count":0,"results":[]}')).toEqual([]);
    expect(parseJsonBookmarks('\uFEFF[{"href":"https://a.example/"}]')).toHaveLength(1);
  });
});

describe('BookmarkFileReader', () => {
  it('tells the format by its first character, whatever the chunks', () => {
    for (const size of [1, 7, 1 << 16]) {
      expect(readInChunks(fixture('pinboard.json'), size)).toEqual(
        parseJsonBookmarks(fixture('pinboard.json')),
      );
      expect(readInChunks(`\uFEFF \n${fixture('linkding.json')}`, size)).toHaveLength(3);
      expect(readInChunks(`\n\n${fixture('firefox.html')}`, size)).toHaveLength(8);
    }
  });

  it('reads the body as JSON when the sender says it is JSON', () => {
    expect(() => readInChunks(fixture('firefox.html'), 64, true)).toThrow(/^not valid JSON/);
    expect(() => readInChunks('   ', 1, true)).toThrow(/^not valid JSON/);
    expect(() => readInChunks('   ', 1)).toThrow(/not a Netscape bookmark file/);
  });
});
