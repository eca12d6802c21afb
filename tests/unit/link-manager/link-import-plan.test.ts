import { candidatesOf, importPlanner } from '../../../pkg/link-manager/link-import';
import {
  LINK_IMPORTED_SUBJECT,
  LINK_LIMITS,
  LimitExceededError,
  type ImportedLink,
  type Link,
} from '../../../pkg/object-model';

// The two halves of an import on their own: the file's bookmarks checked and merged
// (candidatesOf), then the plan made against the user's links (importPlanner).

const NOW = '2026-03-01T00:00:00.000Z';

function candidate(fields: Partial<ImportedLink> = {}) {
  const { candidates, skipped } = candidatesOf([{ url: 'https://a.example/', title: 'A', ...fields }]);
  expect(skipped).toEqual([]);
  return candidates[0];
}

function stored(fields: Partial<Link> = {}): Link {
  return {
    url: 'https://a.example/',
    title: 'A',
    description: '',
    tags: [],
    status: 'valid',
    private: false,
    createdAt: '2020-01-01T00:00:00.000Z',
    updatedAt: '2020-01-01T00:00:00.000Z',
    ...fields,
  };
}

function plan(bookmarks: ImportedLink[], existing: Link[] = [], maxLinks = 1000) {
  const { candidates, skipped } = candidatesOf(bookmarks);
  let ids = 0;
  const planner = importPlanner(candidates, skipped, {
    username: 'alice',
    maxLinks,
    now: NOW,
    newId: () => `e${++ids}`,
  });
  return { ...planner(existing), skipped };
}

describe('candidatesOf', () => {
  it('trims the url, title and description of a bookmark', () => {
    expect(candidate({ url: ' https://a.example/ \n', title: '  A title ', description: ' about ' })).toEqual(
      {
        url: 'https://a.example/',
        title: 'A title',
        description: 'about',
        tags: [],
        createdAt: undefined,
        private: undefined,
      },
    );
  });

  it('takes the url as the title of a bookmark without one', () => {
    expect(candidate({ title: '   ' }).title).toBe('https://a.example/');
  });

  it('keeps a title of the longest length whole', () => {
    const title = 't'.repeat(LINK_LIMITS.titleLength);
    expect(candidate({ title }).title).toBe(title);
  });

  it('cuts a longer title to the longest length, counting characters rather than UTF-16 units', () => {
    expect(candidate({ title: '😀'.repeat(LINK_LIMITS.titleLength + 1) }).title).toBe(
      '😀'.repeat(LINK_LIMITS.titleLength),
    );
  });

  it('trims a title cut just after a space', () => {
    const title = `${'t'.repeat(LINK_LIMITS.titleLength - 1)} and more`;
    expect(candidate({ title }).title).toBe('t'.repeat(LINK_LIMITS.titleLength - 1));
  });

  it('trims tags, drops empty ones, and cuts long ones to the longest tag length', () => {
    const long = 'x'.repeat(LINK_LIMITS.tagLength);
    expect(candidate({ tags: [' dev ', '', '  ', `${long}yz`, 'dev'] }).tags).toEqual(['dev', long]);
  });

  it('keeps the bookmark’s time as an ISO time, and none when it is missing or no time', () => {
    expect(candidate({ createdAt: '2020-02-03T04:05:06+02:00' }).createdAt).toBe('2020-02-03T02:05:06.000Z');
    expect(candidate({ createdAt: 'yesterday' }).createdAt).toBeUndefined();
    expect(candidate({}).createdAt).toBeUndefined();
  });

  it('keeps what the file says about privacy, and nothing when it says nothing', () => {
    expect(candidate({ private: true }).private).toBe(true);
    expect(candidate({ private: false }).private).toBe(false);
    expect(candidate({}).private).toBeUndefined();
  });

  it('skips a bookmark that breaks a link rule, with the url as the file had it and the reason', () => {
    expect(candidatesOf([{ url: ' ftp://a.example/ ', title: 'A' }])).toEqual({
      candidates: [],
      skipped: [{ url: ' ftp://a.example/ ', reason: 'url must be an absolute http or https URL' }],
    });
  });

  it('does not report an unexpected failure as a skipped bookmark', () => {
    expect(() => candidatesOf([{ url: undefined as unknown as string, title: 'A' }])).toThrow(TypeError);
  });

  it('merges the tags of one url found twice, first seen first', () => {
    const { candidates } = candidatesOf([
      { url: 'https://a.example/', title: 'First', tags: ['a', 'b'] },
      { url: 'https://a.example/', title: 'Second', tags: ['b', 'c'], description: 'later' },
    ]);
    expect(candidates).toHaveLength(1);
    expect(candidates[0]).toMatchObject({ title: 'First', description: '', tags: ['a', 'b', 'c'] });
  });

  const tags = (from: number, count: number) => Array.from({ length: count }, (_, i) => `t${from + i}`);

  it('merges one url found twice up to the most tags a link has', () => {
    const { candidates, skipped } = candidatesOf([
      { url: 'https://a.example/', title: 'A', tags: tags(0, 30) },
      { url: 'https://a.example/', title: 'A', tags: tags(10, 40) },
    ]);
    expect(skipped).toEqual([]);
    expect(candidates[0].tags).toEqual(tags(0, LINK_LIMITS.tagsPerLink));
  });

  it('skips the second copy of a url when the merged tags would be too many', () => {
    const { candidates, skipped } = candidatesOf([
      { url: 'https://a.example/', title: 'A', tags: tags(0, 30) },
      { url: 'https://a.example/', title: 'A', tags: tags(10, 41) },
    ]);
    expect(candidates[0].tags).toEqual(tags(0, 30));
    expect(skipped).toEqual([{ url: 'https://a.example/', reason: 'a link has at most 50 tags' }]);
  });

  it.each([
    [true, undefined, true],
    [undefined, true, true],
    [false, true, true],
    [true, false, true],
    [false, undefined, false],
    [undefined, false, false],
    [false, false, false],
    [undefined, undefined, undefined],
  ])('makes one url found twice, private %p then %p, private: %p', (first, second, merged) => {
    const { candidates } = candidatesOf([
      { url: 'https://a.example/', title: 'A', private: first },
      { url: 'https://a.example/', title: 'A', private: second },
    ]);
    expect(candidates[0].private).toBe(merged);
  });
});

describe('importPlanner', () => {
  it('adds a new url as a pending link, public unless the file says private, dated as the file says', () => {
    const { add } = plan([
      {
        url: 'https://a.example/',
        title: 'A',
        tags: ['x'],
        description: 'd',
        createdAt: '2020-01-01T00:00:00Z',
      },
      { url: 'https://b.example/', title: 'B', private: true, createdAt: '2021-01-01T00:00:00Z' },
      { url: 'https://c.example/', title: 'C', private: false },
    ]);
    expect(add).toEqual([
      {
        url: 'https://a.example/',
        title: 'A',
        description: 'd',
        tags: ['x'],
        status: 'pending',
        private: false,
        createdAt: '2020-01-01T00:00:00.000Z',
        updatedAt: NOW,
      },
      expect.objectContaining({
        url: 'https://b.example/',
        private: true,
        createdAt: '2021-01-01T00:00:00.000Z',
      }),
      // Undated: added now, so listed first.
      expect.objectContaining({ url: 'https://c.example/', private: false, createdAt: NOW }),
    ]);
  });

  it('updates a known url with the file’s title and the union of the tags, keeping its status and dates', () => {
    const { add, update } = plan(
      [{ url: 'https://a.example/', title: 'New', tags: ['b', 'c'] }],
      [stored({ title: 'Old', tags: ['a', 'b'], description: 'mine' })],
    );
    expect(add).toEqual([]);
    expect(update).toEqual([
      stored({ title: 'New', tags: ['a', 'b', 'c'], description: 'mine', updatedAt: NOW }),
    ]);
  });

  it('takes the file’s description for a known url when the file has one', () => {
    const { update } = plan(
      [{ url: 'https://a.example/', title: 'A', description: 'theirs' }],
      [stored({ description: 'mine' })],
    );
    expect(update.map((l) => l.description)).toEqual(['theirs']);
  });

  it.each([
    ['the same title, description, tags and privacy', {}],
    ['no description in the file', { description: 'mine' }],
    ['tags the link has already', { tags: ['b', 'a', 'c'] }],
    ['a file that says public for a private link', { private: true }],
  ])('skips a known url as unchanged for %s', (_case, fields) => {
    const { update, skipped, events } = plan(
      [{ url: 'https://a.example/', title: 'A', tags: ['a', 'b'], private: false }],
      [stored({ tags: ['b', 'a'], ...fields })],
    );
    expect(update).toEqual([]);
    expect(events).toEqual([]);
    expect(skipped).toEqual([{ url: 'https://a.example/', reason: 'unchanged' }]);
  });

  it.each([
    ['title', { title: 'Other' }],
    ['description', { description: 'other' }],
    ['tag', { tags: ['b', 'a', 'new'] }],
    ['privacy', { private: true }],
  ])('updates a known url when the file changes its %s', (_field, fields) => {
    const { update, skipped } = plan(
      [{ url: 'https://a.example/', title: 'A', tags: ['b', 'a'], ...fields }],
      [stored({ tags: ['b', 'a'] })],
    );
    expect(update).toHaveLength(1);
    expect(skipped).toEqual([]);
  });

  const tags = (from: number, count: number) => Array.from({ length: count }, (_, i) => `t${from + i}`);

  it('updates a known url up to the most tags a link has', () => {
    const { update } = plan(
      [{ url: 'https://a.example/', title: 'A', tags: tags(0, 30) }],
      [stored({ tags: tags(10, 40) })],
    );
    expect(update.map((l) => l.tags.length)).toEqual([LINK_LIMITS.tagsPerLink]);
  });

  it('skips a known url whose tags and the file’s would be too many', () => {
    const { update, skipped } = plan(
      [{ url: 'https://a.example/', title: 'A', tags: tags(0, 30) }],
      [stored({ tags: tags(10, 41) })],
    );
    expect(update).toEqual([]);
    expect(skipped).toEqual([{ url: 'https://a.example/', reason: 'a link has at most 50 tags' }]);
  });

  it('plans an import that takes the user exactly to the limit', () => {
    const { add } = plan(
      [
        { url: 'https://b.example/', title: 'B' },
        { url: 'https://a.example/', title: 'A' },
      ],
      [stored({ url: 'https://x.example/' })],
      3,
    );
    expect(add).toHaveLength(2);
  });

  it('refuses an import one link past the limit, counting only the links it adds', () => {
    expect(() =>
      plan(
        [
          { url: 'https://b.example/', title: 'B' },
          { url: 'https://a.example/', title: 'A', tags: ['new'] },
        ],
        [stored(), stored({ url: 'https://x.example/' })],
        2,
      ),
    ).toThrow(
      new LimitExceededError(
        'this import would add 1 links to your 2; a user has at most 2 links, so nothing was imported',
      ),
    );
    expect(() =>
      plan([{ url: 'https://a.example/', title: 'A', tags: ['new'] }], [stored()], 1),
    ).not.toThrow();
  });

  it('adds the oldest bookmark first, and bookmarks of the same time last in the file first', () => {
    const at = '2024-01-01T00:00:00.000Z';
    const { add } = plan([
      { url: 'https://new.example/', title: 'new', createdAt: '2025-01-01T00:00:00Z' },
      { url: 'https://first.example/', title: 'first', createdAt: at },
      { url: 'https://second.example/', title: 'second', createdAt: at },
      { url: 'https://old.example/', title: 'old', createdAt: '2023-01-01T00:00:00Z' },
    ]);
    expect(add.map((l) => l.title)).toEqual(['old', 'second', 'first', 'new']);
  });

  it('announces the newest public link added on links.added, and the others on links.imported', () => {
    const { events } = plan([
      { url: 'https://a.example/', title: 'A', createdAt: '2020-01-01T00:00:00Z' },
      { url: 'https://b.example/', title: 'B', createdAt: '2022-01-01T00:00:00Z' },
      { url: 'https://c.example/', title: 'C', createdAt: '2021-01-01T00:00:00Z' },
      { url: 'https://p.example/', title: 'P', createdAt: '2023-01-01T00:00:00Z', private: true },
    ]);
    expect(events.map((e) => [e.subject, e.event.link.url])).toEqual([
      [LINK_IMPORTED_SUBJECT, 'https://a.example/'],
      [LINK_IMPORTED_SUBJECT, 'https://c.example/'],
      ['links.added', 'https://b.example/'],
    ]);
    expect(events[2].event).toEqual({
      id: 'e3',
      type: 'LINK_ADDED',
      author: 'alice',
      link: expect.objectContaining({ url: 'https://b.example/', title: 'B', status: 'pending' }),
      occurredAt: NOW,
    });
    expect(new Set(events.map((e) => e.event.id)).size).toBe(3);
  });

  it('announces nothing for an import of private links only', () => {
    const { add, events } = plan([{ url: 'https://p.example/', title: 'P', private: true }]);
    expect(add).toHaveLength(1);
    expect(events).toEqual([]);
  });

  it('tells followers a public link the file makes private is gone, as they last saw it', () => {
    const before = stored({ title: 'Old' });
    const { update, events } = plan([{ url: 'https://a.example/', title: 'New', private: true }], [before]);
    expect(update).toEqual([expect.objectContaining({ title: 'New', private: true })]);
    expect(events).toEqual([
      {
        subject: 'links.deleted',
        event: { id: 'e1', type: 'LINK_DELETED', author: 'alice', link: before, occurredAt: NOW },
      },
    ]);
  });

  it('announces no update of a link that stays public, or was private already', () => {
    const { update, events } = plan(
      [
        { url: 'https://a.example/', title: 'New' },
        { url: 'https://p.example/', title: 'New', private: true },
      ],
      [stored(), stored({ url: 'https://p.example/', private: true })],
    );
    expect(update).toHaveLength(2);
    expect(events).toEqual([]);
  });

  it('leaves the skipped bookmarks of the file in the report', () => {
    const { skipped } = plan([{ url: 'place:sort=8', title: 'Recent' }]);
    expect(skipped).toEqual([{ url: 'place:sort=8', reason: 'url must be an absolute http or https URL' }]);
  });
});
