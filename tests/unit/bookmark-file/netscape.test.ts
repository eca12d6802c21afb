import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { netscapeBookmarkFile, parseNetscapeBookmarks } from '../../../pkg/bookmark-file';
import { InvalidArgumentError, type Link } from '../../../pkg/object-model';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/bookmarks', name), 'utf8');

describe('Netscape bookmark files', () => {
  it("reads Firefox's export: nested folders as tags, TAGS, ADD_DATE, descriptions, non-ASCII", () => {
    const links = parseNetscapeBookmarks(fixture('firefox.html'));
    expect(links.map((link) => link.url)).toEqual([
      'place:parent=menu________&sort=8&maxResults=10&excludeQueries=1',
      'https://kubernetes.io/docs/',
      'https://go.dev/doc/effective_go',
      'https://www.mozilla.org/firefox/',
      "javascript:location.href='https://example.com/save?u='+encodeURIComponent(location.href)",
      'https://ja.wikipedia.org/wiki/%E6%9D%B1%E4%BA%AC',
      'https://kubernetes.io/docs/',
      'https://www.zürich.ch/',
    ]);
    expect(links[1]).toEqual({
      url: 'https://kubernetes.io/docs/',
      title: 'Kubernetes & its docs',
      description: 'Everything about pods <and> services',
      tags: ['Dev', 'k8s', 'docs'],
      createdAt: new Date(1700000300 * 1000).toISOString(),
    });
    // Nested: both folders; the folder's own <DD> describes no bookmark.
    expect(links[2].tags).toEqual(['Dev', 'Go']);
    expect(links[2].description).toBeUndefined();
    // The toolbar and "Other Bookmarks" are the browser's containers, not tags.
    expect(links[3].tags).toEqual([]);
    expect(links[5]).toMatchObject({ title: '東京 – ウィキペディア', tags: ['Lectures'] });
    expect(links[7]).toMatchObject({ title: 'Zürich — Stadt', tags: [] });
  });

  it("reads Chrome's export: its bar, nested folders, entities in titles and urls", () => {
    const links = parseNetscapeBookmarks(fixture('chrome.html'));
    expect(links.map((link) => [link.url, link.title, link.tags])).toEqual([
      ['https://news.ycombinator.com/', 'Hacker News', []],
      ['https://martinfowler.com/articles/microservices.html', 'Microservices', ['Reading']],
      ['https://fr.wikipedia.org/wiki/Caf%C3%A9', 'Café — Wikipédia', ['Reading', 'Café & Crème']],
      ['https://example.org/?a=1&b=2', 'Example with "quotes" & ampersands', []],
      ['chrome://settings/', 'Settings', []],
    ]);
    expect(links[0].createdAt).toBe('2023-07-22T04:28:20.000Z');
  });

  it("reads PRIVATE as Pinboard's and del.icio.us's files write it; browsers' files leave it unsaid", () => {
    const links = parseNetscapeBookmarks(fixture('pinboard.html'));
    expect(links.map((link) => [link.url, link.private, link.tags])).toEqual([
      ['https://go.dev/blog/', false, ['go', 'programming']],
      ['https://www.bankofengland.co.uk/statistics', true, ['finance', 'to-check']],
      ['https://www.zeit.de/index', false, []],
    ]);
    expect(links[0].description).toBe('Posts from the Go team');
    expect(parseNetscapeBookmarks(fixture('firefox.html')).every((link) => !('private' in link))).toBe(true);
  });

  it('refuses a file that is not a bookmark file', () => {
    expect(() => parseNetscapeBookmarks(fixture('malformed.html'))).toThrow(InvalidArgumentError);
    expect(() => parseNetscapeBookmarks('')).toThrow(/not a Netscape bookmark file/);
    expect(() => parseNetscapeBookmarks('<html><!DOCTYPE NETSCAPE-Bookmark-file-1>')).toThrow(
      InvalidArgumentError,
    );
  });

  it('writes a file that reads back to the same links, escaping included', () => {
    const links: Link[] = [
      {
        url: 'https://example.org/?a=1&b="2"<x>',
        title: 'Tom & Jerry <"quoted">',
        description: 'Line one & <two>',
        tags: ['café', 'a&b', 'Paris, France'],
        status: 'valid',
        private: true,
        createdAt: '2024-01-02T03:04:05.000Z',
        updatedAt: '2024-02-02T03:04:05.000Z',
      },
      {
        url: 'https://ja.wikipedia.org/',
        title: '東京',
        description: '',
        tags: [],
        status: 'pending',
        private: false,
        createdAt: '2024-01-01T00:00:00.000Z',
        updatedAt: '2024-01-01T00:00:00.000Z',
      },
    ];
    const file = [...netscapeBookmarkFile(links)].join('');
    expect(file.startsWith('<!DOCTYPE NETSCAPE-Bookmark-file-1>')).toBe(true);
    expect(file).toContain('PRIVATE="1" TAGS="café,a&amp;b,Paris%2C France"');
    // A public link says nothing: the file stays what browsers write.
    expect(file.match(/PRIVATE/g)).toHaveLength(1);
    expect(parseNetscapeBookmarks(file)).toEqual([
      {
        url: links[0].url,
        title: links[0].title,
        description: links[0].description,
        tags: links[0].tags,
        createdAt: links[0].createdAt,
        private: true,
      },
      { url: links[1].url, title: '東京', tags: [], createdAt: links[1].createdAt },
    ]);
  });
});
