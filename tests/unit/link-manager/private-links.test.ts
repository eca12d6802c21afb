import { InMemoryLinkStore, LinkService } from '../../../pkg/link-manager';
import { InvalidArgumentError, type LinkEvent } from '../../../pkg/object-model';

function makeService() {
  const store = new InMemoryLinkStore();
  let clock = Date.UTC(2026, 0, 1);
  const service = new LinkService(store, {
    maxLinksPerUser: 1000,
    regexBudgetMs: 1000,
    now: () => new Date((clock += 1000)),
  });
  const outbox = async (): Promise<LinkEvent[]> => (await store.pendingEvents(100)).map((e) => e.event);
  return { store, service, outbox };
}

const url = 'https://secret.example/';

describe('private links', () => {
  it('are public unless asked, as on delicious', async () => {
    const { service, outbox } = makeService();
    const link = await service.addLink({ username: 'alice', url, title: 'Shared' });
    expect(link.private).toBe(false);
    expect((await outbox()).map((e) => e.type)).toEqual(['LINK_ADDED']);
  });

  it('never leave the link service: no event on add, update or delete, while the owner sees them', async () => {
    const { service, outbox } = makeService();
    const added = await service.addLink({ username: 'alice', url, title: 'Secret', private: true });
    expect(added.private).toBe(true);
    await service.updateLink({ username: 'alice', url, title: 'Still secret', addTags: ['x'] });
    const { links } = await service.getLinks({ username: 'alice' });
    expect(links).toEqual([expect.objectContaining({ url, title: 'Still secret', private: true })]);
    await service.deleteLink({ username: 'alice', url });
    expect(await outbox()).toEqual([]);
  });

  it('turned private: followers get a deletion naming the link as they last saw it', async () => {
    const { service, outbox } = makeService();
    await service.addLink({ username: 'alice', url, title: 'Shared' });
    const hidden = await service.updateLink({ username: 'alice', url, title: 'Job hunting', private: true });
    expect(hidden).toMatchObject({ private: true, title: 'Job hunting' });
    const [, deleted] = await outbox();
    expect(deleted).toMatchObject({ type: 'LINK_DELETED', author: 'alice', link: { url, title: 'Shared' } });
    expect(deleted.occurredAt).toBe(hidden.updatedAt);
    expect(JSON.stringify(await outbox())).not.toContain('Job hunting');
  });

  it('turned public: followers get it as a new link, as it is now', async () => {
    const { service, outbox } = makeService();
    await service.addLink({ username: 'alice', url, title: 'Draft', private: true });
    const shared = await service.updateLink({ username: 'alice', url, title: 'Finished', private: false });
    expect(await outbox()).toEqual([
      expect.objectContaining({ type: 'LINK_ADDED', link: expect.objectContaining({ title: 'Finished' }) }),
    ]);
    expect(shared.private).toBe(false);
    await service.updateLink({ username: 'alice', url, addTags: ['t'] });
    expect((await outbox()).map((e) => e.type)).toEqual(['LINK_ADDED', 'LINK_UPDATED']);
  });

  it('an update may change only the flag; a flag that is not a boolean is refused', async () => {
    const { service, store } = makeService();
    await service.addLink({ username: 'alice', url, title: 'A' });
    await expect(service.updateLink({ username: 'alice', url, private: true })).resolves.toMatchObject({
      private: true,
    });
    const notBoolean = { username: 'alice', url, private: 'yes' as unknown as boolean };
    await expect(service.updateLink(notBoolean)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(service.addLink({ ...notBoolean, url: 'https://b.example/', title: 'B' })).rejects.toThrow(
      'private must be true or false',
    );
    expect(await store.pendingEventCount()).toBe(2);
  });

  it('are left out of the public listing, whose pages hold only public links', async () => {
    const { service } = makeService();
    for (let i = 1; i <= 5; i++) {
      await service.addLink({
        username: 'alice',
        url: `https://a.example/${i}`,
        title: `L${i}`,
        private: i % 2 === 0,
      });
    }
    const first = await service.getPublicLinks({ username: 'alice', limit: 2 });
    expect(first.links.map((l) => l.title)).toEqual(['L5', 'L3']);
    const second = await service.getPublicLinks({ username: 'alice', limit: 2, start: first.nextPageToken });
    expect(second).toEqual({ links: [expect.objectContaining({ title: 'L1' })], nextPageToken: '' });
    expect((await service.getLinks({ username: 'alice' })).links).toHaveLength(5);
    await expect(service.getPublicLinks({ username: 'alice', limit: 0 })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
  });
});
