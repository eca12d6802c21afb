import { InMemoryLinkStore, LinkService } from '../../../pkg/link-manager';
import { LINK_IMPORTED_SUBJECT, LimitExceededError, type ImportedLink } from '../../../pkg/object-model';

function makeService(maxLinksPerUser = 1000) {
  const store = new InMemoryLinkStore();
  let clock = Date.parse('2026-03-01T00:00:00.000Z');
  const service = new LinkService(store, {
    maxLinksPerUser,
    regexBudgetMs: 1000,
    now: () => new Date((clock += 1000)),
  });
  return { store, service };
}

const bookmarks: ImportedLink[] = [
  { url: 'https://a.example/', title: 'A', tags: ['Dev'], createdAt: '2020-01-01T00:00:00.000Z' },
  { url: 'https://b.example/', title: ' Bé ', description: 'about b', createdAt: '2022-01-01T00:00:00.000Z' },
  { url: 'https://c.example/', title: '', tags: ['x'], createdAt: '2021-01-01T00:00:00.000Z' },
  { url: 'https://a.example/', title: 'A again', tags: ['Reading'] },
  { url: 'place:sort=8', title: 'Recent' },
  { url: 'https://d.example/', title: 'D', description: 'd'.repeat(10_001) },
];

describe('LinkService.importLinks', () => {
  it('adds, merges duplicates, keeps ADD_DATE, and says why it skipped', async () => {
    const { service } = makeService();
    const report = await service.importLinks({ username: 'alice', links: bookmarks });
    expect(report).toEqual({
      added: 3,
      updated: 0,
      skipped: [
        { url: 'place:sort=8', reason: 'url must be an absolute http or https URL' },
        { url: 'https://d.example/', reason: 'description is longer than 10000 characters' },
      ],
    });
    const { links } = await service.getLinks({ username: 'alice', limit: 10 });
    // Newest bookmark first; an empty title becomes the url.
    expect(links.map((l) => [l.url, l.title, l.tags, l.createdAt])).toEqual([
      ['https://b.example/', 'Bé', [], '2022-01-01T00:00:00.000Z'],
      ['https://c.example/', 'https://c.example/', ['x'], '2021-01-01T00:00:00.000Z'],
      ['https://a.example/', 'A', ['Dev', 'Reading'], '2020-01-01T00:00:00.000Z'],
    ]);
    expect(links[0].description).toBe('about b');
  });

  it('lists bookmarks of the same time in the order of the file', async () => {
    const { service } = makeService();
    const at = '2024-05-06T07:08:09.000Z';
    await service.importLinks({
      username: 'alice',
      links: ['first', 'second', 'third'].map((name) => ({
        url: `https://${name}.example/`,
        title: name,
        createdAt: at,
      })),
    });
    const { links } = await service.getLinks({ username: 'alice' });
    expect(links.map((l) => l.title)).toEqual(['first', 'second', 'third']);
  });

  it('is idempotent: a second import adds and changes nothing and emits nothing', async () => {
    const { service, store } = makeService();
    await service.importLinks({ username: 'alice', links: bookmarks });
    const events = await store.pendingEventCount();
    const again = await service.importLinks({ username: 'alice', links: bookmarks });
    expect(again.added).toBe(0);
    expect(again.updated).toBe(0);
    expect(again.skipped.filter((s) => s.reason === 'unchanged').map((s) => s.url)).toEqual([
      'https://a.example/',
      'https://b.example/',
      'https://c.example/',
    ]);
    expect(await store.pendingEventCount()).toBe(events);
  });

  it('updates a known url only when the file changes it', async () => {
    const { service } = makeService();
    await service.addLink({ username: 'alice', url: 'https://a.example/', title: 'Mine', tags: ['keep'] });
    const report = await service.importLinks({
      username: 'alice',
      links: [{ url: 'https://a.example/', title: 'From the browser', tags: ['Dev'] }],
    });
    expect(report).toMatchObject({ added: 0, updated: 1 });
    const [link] = (await service.getLinks({ username: 'alice' })).links;
    expect(link).toMatchObject({ title: 'From the browser', tags: ['keep', 'Dev'] });
  });

  it('makes one news entry per import: the newest link on links.added, the rest for the checker only', async () => {
    const { service, store } = makeService();
    await service.importLinks({ username: 'alice', links: bookmarks });
    const events = await store.pendingEvents(10);
    expect(events.map((e) => [e.subject, e.event.link.url])).toEqual([
      [LINK_IMPORTED_SUBJECT, 'https://a.example/'],
      [LINK_IMPORTED_SUBJECT, 'https://c.example/'],
      ['links.added', 'https://b.example/'],
    ]);
  });

  it('stores private bookmarks private, and tells followers of none of them', async () => {
    const { service, store } = makeService();
    const report = await service.importLinks({
      username: 'alice',
      links: [
        { url: 'https://a.example/', title: 'A', createdAt: '2020-01-01T00:00:00.000Z', private: false },
        { url: 'https://secret.example/', title: 'S', createdAt: '2024-01-01T00:00:00.000Z', private: true },
        { url: 'https://b.example/', title: 'B', createdAt: '2021-01-01T00:00:00.000Z' },
        // The same url twice: private if either copy is.
        { url: 'https://a.example/', title: 'A', tags: ['x'], private: true },
      ],
    });
    expect(report).toMatchObject({ added: 3, updated: 0 });
    const { links } = await service.getLinks({ username: 'alice' });
    expect(links.map((l) => [l.url, l.private])).toEqual([
      ['https://secret.example/', true],
      ['https://b.example/', false],
      ['https://a.example/', true],
    ]);
    // The newest public link is the news entry, though a private one is newer still.
    const events = await store.pendingEvents(10);
    expect(events.map((e) => [e.subject, e.event.link.url])).toEqual([['links.added', 'https://b.example/']]);
  });

  it('makes a known link private when the file says so, never public', async () => {
    const { service, store } = makeService();
    await service.addLink({ username: 'alice', url: 'https://shared.example/', title: 'Shared' });
    await service.addLink({
      username: 'alice',
      url: 'https://hidden.example/',
      title: 'Hidden',
      private: true,
    });
    const before = await store.pendingEventCount();
    const report = await service.importLinks({
      username: 'alice',
      links: [
        { url: 'https://shared.example/', title: 'Shared', private: true },
        { url: 'https://hidden.example/', title: 'Hidden', private: false },
      ],
    });
    expect(report).toEqual({
      added: 0,
      updated: 1,
      skipped: [{ url: 'https://hidden.example/', reason: 'unchanged' }],
    });
    const { links } = await service.getLinks({ username: 'alice' });
    expect(links.map((l) => [l.url, l.private])).toEqual([
      ['https://hidden.example/', true],
      ['https://shared.example/', true],
    ]);
    // Followers saw the shared link: they learn it is gone, as with any update that hides a link.
    const events = (await store.pendingEvents(10)).slice(before);
    expect(events.map((e) => [e.subject, e.event.type, e.event.link.url])).toEqual([
      ['links.deleted', 'LINK_DELETED', 'https://shared.example/'],
    ]);
    const again = await service.importLinks({
      username: 'alice',
      links: [{ url: 'https://shared.example/', title: 'Shared', private: true }],
    });
    expect(again).toMatchObject({ added: 0, updated: 0 });
    expect(await store.pendingEventCount()).toBe(before + 1);
  });

  it('refuses an import past the per-user limit whole, storing nothing', async () => {
    const { service, store } = makeService(3);
    await service.addLink({ username: 'alice', url: 'https://x.example/', title: 'X' });
    await expect(service.importLinks({ username: 'alice', links: bookmarks })).rejects.toThrow(
      LimitExceededError,
    );
    await expect(service.importLinks({ username: 'alice', links: bookmarks })).rejects.toThrow(
      /would add 3 links to your 1; a user has at most 3 links, so nothing was imported/,
    );
    expect((await service.getLinks({ username: 'alice' })).links).toHaveLength(1);
    expect(await store.pendingEventCount()).toBe(1);
  });
});
