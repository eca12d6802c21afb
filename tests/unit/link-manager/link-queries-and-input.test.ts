import { InMemoryLinkStore, LinkService } from '../../../pkg/link-manager';
import { InvalidArgumentError, type Link } from '../../../pkg/object-model';

// Through the LinkManager interface only, so the tests hold whatever the store and the
// token look like inside.
function makeService() {
  const store = new InMemoryLinkStore();
  const service = new LinkService(store, { maxLinksPerUser: 1000, regexBudgetMs: 5000 });
  return { store, service };
}

async function seed(service: LinkService, count: number, link: (i: number) => Partial<Link> = () => ({})) {
  for (let i = 0; i < count; i++)
    await service.addLink({
      username: 'ann',
      url: `https://example.com/${i}`,
      title: `link ${i}`,
      ...link(i),
    });
}

const token = (text: string) => Buffer.from(text).toString('base64url');
const text = (pageToken: string) => Buffer.from(pageToken, 'base64url').toString('utf8');

describe('link input', () => {
  it('accepts an http url as well as https', async () => {
    const { service } = makeService();
    expect((await service.addLink({ username: 'ann', url: 'http://example.com/', title: 't' })).url).toBe(
      'http://example.com/',
    );
  });

  it('refuses tags given as one string rather than a list', async () => {
    const { service } = makeService();
    await expect(
      service.addLink({
        username: 'ann',
        url: 'https://e.com/',
        title: 't',
        tags: 'go' as unknown as string[],
      }),
    ).rejects.toThrow(new InvalidArgumentError('tags must be an array of strings'));
    expect((await service.getLinks({ username: 'ann' })).links).toEqual([]);
  });

  it('refuses a tag that is not a string', async () => {
    const { service } = makeService();
    await expect(
      service.addLink({ username: 'ann', url: 'https://e.com/', title: 't', tags: [7 as unknown as string] }),
    ).rejects.toThrow(new InvalidArgumentError('tags must be an array of strings'));
  });

  it.each([
    ['a url of 2048 characters', { url: `https://e.com/${'u'.repeat(2048 - 14)}` }],
    ['a title of 500 characters', { title: 't'.repeat(500) }],
    ['a description of 10000 characters', { description: 'd'.repeat(10_000) }],
    ['a tag of 64 characters', { tags: ['g'.repeat(64)] }],
    ['50 tags', { tags: Array.from({ length: 50 }, (_, i) => `t${i}`) }],
  ])('accepts %s, the limit itself', async (_what, override) => {
    const { service } = makeService();
    await expect(
      service.addLink({ username: 'ann', url: 'https://e.com/', title: 't', ...override }),
    ).resolves.toBeDefined();
  });

  it('refuses a description that is not a string, and names the field of a bad update tag list', async () => {
    const { service } = makeService();
    await expect(
      service.addLink({
        username: 'ann',
        url: 'https://e.com/',
        title: 't',
        description: 5 as unknown as string,
      }),
    ).rejects.toThrow(new InvalidArgumentError('description must be a string'));
    await service.addLink({ username: 'ann', url: 'https://e.com/', title: 't' });
    await expect(
      service.updateLink({ username: 'ann', url: 'https://e.com/', addTags: 'x' as unknown as string[] }),
    ).rejects.toThrow(new InvalidArgumentError('addTags must be an array of strings'));
    await expect(
      service.updateLink({ username: 'ann', url: 'https://e.com/', removeTags: [''] }),
    ).rejects.toThrow(new InvalidArgumentError('removeTags must not contain empty tags'));
  });
});

describe('link pages', () => {
  it('hands out exactly limit links, with a token only when more follow', async () => {
    const { service } = makeService();
    await seed(service, 3);
    const full = await service.getLinks({ username: 'ann', limit: 3 });
    expect(full.links).toHaveLength(3);
    expect(full.nextPageToken).toBe('');
    const first = await service.getLinks({ username: 'ann', limit: 2 });
    expect(first.links.map((link) => link.url)).toEqual(['https://example.com/2', 'https://example.com/1']);
    const rest = await service.getLinks({ username: 'ann', limit: 2, start: first.nextPageToken });
    expect(rest.links.map((link) => link.url)).toEqual(['https://example.com/0']);
    expect(rest.nextPageToken).toBe('');
  });

  it('accepts limits from 1 to 100 and refuses 0 and 101', async () => {
    const { service } = makeService();
    await seed(service, 2);
    expect((await service.getLinks({ username: 'ann', limit: 1 })).links).toHaveLength(1);
    expect((await service.getLinks({ username: 'ann', limit: 100 })).links).toHaveLength(2);
    for (const limit of [0, 101, 1.5])
      await expect(service.getLinks({ username: 'ann', limit })).rejects.toThrow(
        new InvalidArgumentError('limit must be an integer from 1 to 100'),
      );
  });

  it('pages 10 links at a time by default', async () => {
    const { service } = makeService();
    await seed(service, 11);
    const page = await service.getLinks({ username: 'ann' });
    expect(page.links).toHaveLength(10);
    expect(page.nextPageToken).not.toBe('');
  });

  describe('refuses a forged page token', () => {
    let real: string;
    let service: LinkService;
    beforeAll(async () => {
      ({ service } = makeService());
      await seed(service, 2);
      real = (await service.getLinks({ username: 'ann', limit: 1 })).nextPageToken;
    });
    const forged: Array<[string, (real: string) => string]> = [
      ['the id alone, without the prefix', (t) => token(text(t).replace(/^.*:/, ''))],
      ['another prefix', (t) => token(text(t).replace(/^[^:]*:/, 'links.v0:'))],
      ['text before the prefix', (t) => token(`x${text(t)}`)],
      ['a letter after the id', (t) => token(`${text(t)}x`)],
      ['a letter before the id', (t) => token(text(t).replace(/:/, ':x'))],
      ['a zero id', (t) => token(text(t).replace(/:.*$/, ':0'))],
      ['a leading zero', (t) => token(text(t).replace(/:/, ':0'))],
      ['a 20-digit id', (t) => token(text(t).replace(/:.*$/, `:${'9'.repeat(20)}`))],
      ['a negative id', (t) => token(text(t).replace(/:/, ':-'))],
      ['a newline after the id', (t) => token(`${text(t)}\n`)],
      ['plain text', () => 'not-a-token'],
    ];
    it.each(forged)('%s', async (_what, forge) => {
      await expect(service.getLinks({ username: 'ann', start: forge(real) })).rejects.toThrow(
        new InvalidArgumentError('start is not a valid page token'),
      );
    });

    it('but accepts a valid one naming the largest id Postgres holds (19 digits)', async () => {
      const far = token(text(real).replace(/:.*$/, ':9223372036854775807'));
      expect((await service.getLinks({ username: 'ann', start: far })).links).toHaveLength(2);
    });

    it('and an id of one digit', async () => {
      const one = token(text(real).replace(/:.*$/, ':1'));
      expect((await service.getLinks({ username: 'ann', start: one })).links).toEqual([]);
    });
  });
});

describe('link filters', () => {
  it('needs every given filter to match (AND, not OR)', async () => {
    const { service } = makeService();
    await service.addLink({ username: 'ann', url: 'https://go.dev/', title: 'Go' });
    await service.addLink({ username: 'ann', url: 'https://go.dev/blog', title: 'Blog' });
    await service.addLink({ username: 'ann', url: 'https://rust-lang.org/', title: 'Go fast' });
    const { links } = await service.getLinks({ username: 'ann', url: 'go\\.dev', title: '^Go' });
    expect(links.map((link) => link.url)).toEqual(['https://go.dev/']);
  });

  it('matches the description field too', async () => {
    const { service } = makeService();
    await service.addLink({ username: 'ann', url: 'https://a.com/', title: 'a', description: 'about cats' });
    await service.addLink({ username: 'ann', url: 'https://b.com/', title: 'b', description: 'about dogs' });
    const { links } = await service.getLinks({ username: 'ann', description: 'cats' });
    expect(links.map((link) => link.url)).toEqual(['https://a.com/']);
  });

  it('accepts a 1000-character pattern and refuses a 1001-character one', async () => {
    const { service } = makeService();
    await seed(service, 1);
    await expect(service.getLinks({ username: 'ann', title: 'l'.repeat(1000) })).resolves.toEqual({
      links: [],
      nextPageToken: '',
    });
    await expect(service.getLinks({ username: 'ann', title: 'l'.repeat(1001) })).rejects.toThrow(
      new InvalidArgumentError('title pattern is longer than 1000 characters'),
    );
  });

  it('names the field of an invalid pattern', async () => {
    const { service } = makeService();
    await expect(service.getLinks({ username: 'ann', url: '(' })).rejects.toThrow(
      /^url is not a valid regular expression: /,
    );
  });

  it('scans past the first batches to fill a page', async () => {
    const { service } = makeService();
    // 450 links, newest first; only the three oldest match, past two scan batches of 200.
    await seed(service, 450, (i) => ({ title: i < 3 ? `match ${i}` : `other ${i}` }));
    const page = await service.getLinks({ username: 'ann', title: '^match', limit: 2 });
    expect(page.links.map((link) => link.title)).toEqual(['match 2', 'match 1']);
    const rest = await service.getLinks({
      username: 'ann',
      title: '^match',
      limit: 2,
      start: page.nextPageToken,
    });
    expect(rest).toEqual({ links: [expect.objectContaining({ title: 'match 0' })], nextPageToken: '' });
  });

  it('gives a filtered page of exactly limit links and a token only when more match', async () => {
    const { service } = makeService();
    await seed(service, 5, (i) => ({ title: i % 2 === 0 ? 'even' : 'odd' }));
    const evens = await service.getLinks({ username: 'ann', title: 'even', limit: 3 });
    expect(evens.links).toHaveLength(3);
    expect(evens.nextPageToken).toBe('');
    const two = await service.getLinks({ username: 'ann', title: 'even', limit: 2 });
    expect(two.links).toHaveLength(2);
    expect(two.nextPageToken).not.toBe('');
  });

  it('treats an empty pattern as no filter', async () => {
    const { service } = makeService();
    await seed(service, 2);
    expect((await service.getLinks({ username: 'ann', title: '', url: '' })).links).toHaveLength(2);
  });
});
