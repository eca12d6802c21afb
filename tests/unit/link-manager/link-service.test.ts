import { InMemoryLinkStore, LinkService } from '../../../pkg/link-manager';
import { InvalidArgumentError, NotFoundError, type Link } from '../../../pkg/object-model';

function makeService(options: Partial<ConstructorParameters<typeof LinkService>[1]> = {}) {
  const store = new InMemoryLinkStore();
  const service = new LinkService(store, { maxLinksPerUser: 1000, regexBudgetMs: 1000, ...options });
  return { store, service };
}

async function allPages(
  service: LinkService,
  query: Parameters<LinkService['getLinks']>[0],
): Promise<Link[]> {
  const links: Link[] = [];
  let start: string | undefined;
  do {
    const page = await service.getLinks({ ...query, start });
    links.push(...page.links);
    start = page.nextPageToken || undefined;
  } while (start);
  return links;
}

describe('LinkService', () => {
  describe('addLink validation', () => {
    const good = { username: 'alice', url: 'https://example.com/', title: 'Example' };
    it.each([
      ['a bad username', { username: '-bad' }, /username/],
      ['a relative url', { url: '/relative' }, /absolute http or https/],
      ['a non-http url', { url: 'ftp://example.com/' }, /absolute http or https/],
      ['a too long url', { url: `https://example.com/${'a'.repeat(2048)}` }, /longer than 2048/],
      ['a missing title', { title: '   ' }, /title is required/],
      ['a too long title', { title: 't'.repeat(501) }, /longer than 500/],
      ['a too long description', { description: 'd'.repeat(10_001) }, /longer than 10000/],
      ['an empty tag', { tags: ['ok', ' '] }, /empty tags/],
      ['a too long tag', { tags: ['t'.repeat(65)] }, /longer than 64/],
      ['too many tags', { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, /at most 50 tags/],
    ])('rejects %s and stores nothing', async (_name, override, message) => {
      const { service, store } = makeService();
      await expect(service.addLink({ ...good, ...override })).rejects.toThrow(message);
      await expect(service.addLink({ ...good, ...override })).rejects.toBeInstanceOf(InvalidArgumentError);
      expect(await store.pendingEvents(10)).toEqual([]);
    });

    it('trims and de-duplicates tags, trims the title, starts pending', async () => {
      const { service } = makeService({ now: () => new Date('2026-01-01T00:00:00Z') });
      const link = await service.addLink({ ...good, title: ' Example ', tags: [' go ', 'go', 'k8s'] });
      expect(link).toEqual({
        url: 'https://example.com/',
        title: 'Example',
        description: '',
        tags: ['go', 'k8s'],
        status: 'pending',
        private: false,
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
      });
    });

    it('writes a LINK_ADDED event naming the author', async () => {
      const { service, store } = makeService();
      await service.addLink(good);
      const [entry] = await store.pendingEvents(10);
      expect(entry.event).toMatchObject({ type: 'LINK_ADDED', author: 'alice', link: { url: good.url } });
      expect(entry.event.id).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('applies MAX_LINKS_PER_USER', async () => {
      const { service } = makeService({ maxLinksPerUser: 2 });
      await service.addLink({ ...good, url: 'https://a.example/1' });
      await service.addLink({ ...good, url: 'https://a.example/2' });
      await expect(service.addLink({ ...good, url: 'https://a.example/3' })).rejects.toMatchObject({
        code: 'LIMIT_EXCEEDED',
      });
    });
  });

  describe('updateLink', () => {
    it('adds and removes tags and changes title and description', async () => {
      const { service } = makeService();
      await service.addLink({ username: 'alice', url: 'https://a.example/', title: 'A', tags: ['a', 'b'] });
      const link = await service.updateLink({
        username: 'alice',
        url: 'https://a.example/',
        title: 'A2',
        description: 'now described',
        addTags: ['c', 'a'],
        removeTags: ['b'],
      });
      expect(link).toMatchObject({ title: 'A2', description: 'now described', tags: ['a', 'c'] });
    });

    it('refuses an empty update and an unknown link', async () => {
      const { service } = makeService();
      await expect(service.updateLink({ username: 'alice', url: 'https://a.example/' })).rejects.toThrow(
        /nothing to update/,
      );
      await expect(
        service.updateLink({ username: 'alice', url: 'https://a.example/', title: 'x' }),
      ).rejects.toBeInstanceOf(NotFoundError);
    });

    it('refuses to grow a link past 50 tags', async () => {
      const { service } = makeService();
      const tags = Array.from({ length: 50 }, (_, i) => `t${i}`);
      await service.addLink({ username: 'alice', url: 'https://a.example/', title: 'A', tags });
      await expect(
        service.updateLink({ username: 'alice', url: 'https://a.example/', addTags: ['one-more'] }),
      ).rejects.toThrow(/at most 50 tags/);
    });
  });

  describe('getLinks', () => {
    async function seeded() {
      const made = makeService();
      const rows = [
        { url: 'https://go.dev/doc', title: 'Go docs', description: 'The Go language', tags: ['go'] },
        {
          url: 'https://kubernetes.io/',
          title: 'Kubernetes',
          description: 'Container orchestration',
          tags: ['k8s'],
        },
        {
          url: 'https://github.com/go-kit/kit',
          title: 'go-kit',
          description: 'Microservices in Go',
          tags: ['go', 'k8s'],
        },
      ];
      for (const row of rows) await made.service.addLink({ username: 'alice', ...row });
      await made.service.addLink({ username: 'bob', url: 'https://go.dev/doc', title: 'Go docs' });
      return made;
    }

    it('returns only the user’s links, newest first', async () => {
      const { service } = await seeded();
      const { links, nextPageToken } = await service.getLinks({ username: 'alice' });
      expect(links.map((l) => l.title)).toEqual(['go-kit', 'Kubernetes', 'Go docs']);
      expect(nextPageToken).toBe('');
    });

    it('filters each field by its own unanchored, case-sensitive pattern', async () => {
      const { service } = await seeded();
      const titles = async (query: object) =>
        (await service.getLinks({ username: 'alice', ...query })).links.map((l) => l.title);
      expect(await titles({ url: 'go\\.dev' })).toEqual(['Go docs']);
      expect(await titles({ title: '^go-' })).toEqual(['go-kit']);
      expect(await titles({ title: 'go' })).toEqual(['go-kit']);
      expect(await titles({ description: 'Go' })).toEqual(['go-kit', 'Go docs']);
      expect(await titles({ description: 'Orchestration' })).toEqual([]);
      expect(await titles({ tag: 'k8s' })).toEqual(['go-kit', 'Kubernetes']);
      expect(await titles({ tag: 'go', description: 'language' })).toEqual(['Go docs']);
    });

    it('rejects an invalid regular expression, a bad limit and a forged token', async () => {
      const { service } = await seeded();
      await expect(service.getLinks({ username: 'alice', title: '(' })).rejects.toThrow(
        /not a valid regular expression/,
      );
      await expect(service.getLinks({ username: 'alice', url: '(a)\\1' })).rejects.toBeInstanceOf(
        InvalidArgumentError,
      );
      await expect(service.getLinks({ username: 'alice', limit: 0 })).rejects.toThrow(/limit/);
      await expect(service.getLinks({ username: 'alice', limit: 101 })).rejects.toThrow(/limit/);
      await expect(service.getLinks({ username: 'alice', start: 'not-a-token' })).rejects.toThrow(
        /page token/,
      );
    });

    it('pages through filtered results, each match exactly once', async () => {
      const { service } = makeService();
      for (let i = 0; i < 95; i++) {
        await service.addLink({
          username: 'alice',
          url: `https://a.example/${i}`,
          title: i % 3 === 0 ? `keep ${i}` : `skip ${i}`,
        });
      }
      const kept = await allPages(service, { username: 'alice', title: '^keep', limit: 4 });
      expect(kept).toHaveLength(32);
      expect(new Set(kept.map((l) => l.url)).size).toBe(32);
    });

    it('answers a catastrophic-backtracking pattern on long fields in bounded time', async () => {
      const { service } = makeService();
      const evil = `${'a'.repeat(9_999)}!`;
      for (let i = 0; i < 20; i++) {
        await service.addLink({
          username: 'alice',
          url: `https://a.example/${i}`,
          title: 't',
          description: evil,
        });
      }
      // (a+)+$ takes exponential time on a backtracking engine; RE2 answers in linear time.
      const { links } = await service.getLinks({ username: 'alice', description: '(a+)+$' });
      expect(links).toEqual([]);
    });

    it('stops a scan that exceeds its time budget with an error', async () => {
      const { service } = makeService({ regexBudgetMs: 0 });
      await service.addLink({ username: 'alice', url: 'https://a.example/', title: 't', description: 'x' });
      await expect(service.getLinks({ username: 'alice', description: 'x' })).rejects.toThrow(
        /took too long/,
      );
    });
  });

  it('deleteLink removes the link and records LINK_DELETED; deleting again is NOT_FOUND', async () => {
    const { service, store } = makeService();
    await service.addLink({ username: 'alice', url: 'https://a.example/', title: 'A' });
    await service.deleteLink({ username: 'alice', url: 'https://a.example/' });
    expect((await service.getLinks({ username: 'alice' })).links).toEqual([]);
    await expect(service.deleteLink({ username: 'alice', url: 'https://a.example/' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect((await store.pendingEvents(10)).map((e) => e.event.type)).toEqual(['LINK_ADDED', 'LINK_DELETED']);
  });

  it('setLinkStatus records the checker’s verdict, its reason and time', async () => {
    const { service } = makeService();
    await service.addLink({ username: 'alice', url: 'https://a.example/', title: 'A' });
    const checkedAt = '2026-04-05T06:07:08.000Z';
    expect(
      await service.setLinkStatus({
        username: 'alice',
        url: 'https://a.example/',
        status: 'invalid',
        reason: 'HTTP 410',
        checkedAt,
      }),
    ).toBe(true);
    expect((await service.getLinks({ username: 'alice' })).links[0]).toMatchObject({
      status: 'invalid',
      checkReason: 'HTTP 410',
      checkedAt,
    });
  });

  describe('search (q)', () => {
    async function withLinks(count: number) {
      const made = makeService();
      for (let i = 0; i < count; i++) {
        await made.service.addLink({
          username: 'alice',
          url: `https://a.example/${i}`,
          title: i % 2 === 0 ? `Kubernetes guide ${i}` : `Notes ${i}`,
          description: i % 2 === 0 ? '' : 'mentions kubernetes once',
          tags: i % 3 === 0 ? ['k8s'] : [],
        });
      }
      return made;
    }

    it('finds what a person types, best match first, and pages it without gaps or repeats', async () => {
      const { service } = await withLinks(25);
      const found = await allPages(service, { username: 'alice', q: 'KUBERNETES', limit: 4 });
      expect(found).toHaveLength(25);
      expect(new Set(found.map((l) => l.url)).size).toBe(25);
      // Title matches (even i) come before description matches, newest first within a rank.
      expect(found.slice(0, 13).every((l) => l.title.startsWith('Kubernetes'))).toBe(true);
      expect(found[0].url).toBe('https://a.example/24');
    });

    it('combines q with tag:, -word, the tag filter and the regex filters', async () => {
      const { service } = await withLinks(12);
      const urls = async (query: Partial<Parameters<LinkService['getLinks']>[0]>) =>
        (await allPages(service, { username: 'alice', ...query })).map((l) => Number(l.url.split('/').pop()));
      expect((await urls({ q: 'kube tag:k8s' })).sort((a, b) => a - b)).toEqual([0, 3, 6, 9]);
      expect((await urls({ q: 'kube -notes', tag: 'k8s' })).sort((a, b) => a - b)).toEqual([0, 6]);
      expect(await urls({ q: 'guide', title: '1[0-9]$' })).toEqual([10]);
    });

    it.each([
      ['only spaces and signs', ' - :: !! '],
      ['a text over 500 characters', 'a'.repeat(501)],
      ['more than 20 words', Array.from({ length: 21 }, (_, i) => `w${i}`).join(' ')],
    ])('rejects a q of %s', async (_name, q) => {
      const { service } = await withLinks(1);
      await expect(service.getLinks({ username: 'alice', q })).rejects.toBeInstanceOf(InvalidArgumentError);
    });

    it('refuses a list token for a search, and a search token for a list', async () => {
      const { service } = await withLinks(5);
      const list = await service.getLinks({ username: 'alice', limit: 2 });
      const search = await service.getLinks({ username: 'alice', q: 'a', limit: 2 });
      await expect(
        service.getLinks({ username: 'alice', q: 'a', start: list.nextPageToken }),
      ).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(
        service.getLinks({ username: 'alice', start: search.nextPageToken }),
      ).rejects.toBeInstanceOf(InvalidArgumentError);
    });
  });

  describe('tags', () => {
    it('lists the caller’s tags with counts, most used first', async () => {
      const { service } = makeService();
      await service.addLink({ username: 'alice', url: 'https://a.example/1', title: 'A', tags: ['x', 'y'] });
      await service.addLink({ username: 'alice', url: 'https://a.example/2', title: 'B', tags: ['y'] });
      await service.addLink({ username: 'bob', url: 'https://a.example/1', title: 'A', tags: ['z'] });
      expect(await service.getTags({ username: 'alice' })).toEqual({
        tags: [
          { tag: 'y', count: 2 },
          { tag: 'x', count: 1 },
        ],
      });
    });

    it('renames a tag on every link, merging into an existing tag, with one event per link', async () => {
      const { service, store } = makeService();
      await service.addLink({
        username: 'alice',
        url: 'https://a.example/1',
        title: 'A',
        tags: ['k8s', 'kube'],
      });
      await service.addLink({
        username: 'alice',
        url: 'https://a.example/2',
        title: 'B',
        tags: ['k8s', 'x'],
      });
      await service.addLink({ username: 'alice', url: 'https://a.example/3', title: 'C', tags: ['x'] });
      expect(await service.renameTag({ username: 'alice', from: 'k8s', to: 'kube' })).toEqual({ renamed: 2 });
      const links = (await service.getLinks({ username: 'alice' })).links;
      expect(links.map((l) => l.tags)).toEqual([['x'], ['kube', 'x'], ['kube']]);
      const events = (await store.pendingEvents(10)).map((e) => e.event);
      expect(events.slice(3).map((e) => [e.type, e.link.url, e.link.tags])).toEqual([
        ['LINK_UPDATED', 'https://a.example/1', ['kube']],
        ['LINK_UPDATED', 'https://a.example/2', ['kube', 'x']],
      ]);
    });

    it.each([
      ['an unknown tag', { from: 'nope', to: 'x' }, NotFoundError],
      ['the same name', { from: 'x', to: 'x' }, InvalidArgumentError],
      ['an empty name', { from: 'x', to: '  ' }, InvalidArgumentError],
      ['a too long name', { from: 'x', to: 't'.repeat(65) }, InvalidArgumentError],
    ])('refuses to rename to %s and changes nothing', async (_name, names, error) => {
      const { service, store } = makeService();
      await service.addLink({ username: 'alice', url: 'https://a.example/1', title: 'A', tags: ['x'] });
      await expect(service.renameTag({ username: 'alice', ...names })).rejects.toBeInstanceOf(error);
      expect((await service.getLinks({ username: 'alice' })).links[0].tags).toEqual(['x']);
      expect(await store.pendingEventCount()).toBe(1);
    });
  });
});
