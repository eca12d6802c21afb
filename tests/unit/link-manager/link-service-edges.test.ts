import { InMemoryLinkStore, LinkService } from '../../../pkg/link-manager';
import { InvalidArgumentError, NotFoundError } from '../../../pkg/object-model';

function makeService() {
  const store = new InMemoryLinkStore();
  const service = new LinkService(store, { maxLinksPerUser: 1000, regexBudgetMs: 5000 });
  return { store, service };
}

const url = 'https://a.example/';

describe('LinkService: one field is enough for an update', () => {
  it('changes the description alone', async () => {
    const { service } = makeService();
    await service.addLink({ username: 'alice', url, title: 'A', description: 'old' });
    const updated = await service.updateLink({ username: 'alice', url, description: 'new' });
    expect(updated).toMatchObject({ title: 'A', description: 'new' });
  });

  it('removes a tag alone', async () => {
    const { service } = makeService();
    await service.addLink({ username: 'alice', url, title: 'A', tags: ['go', 'k8s'] });
    const updated = await service.updateLink({ username: 'alice', url, removeTags: ['go'] });
    expect(updated.tags).toEqual(['k8s']);
  });
});

describe('LinkService: renaming a tag says what is wrong', () => {
  it.each([
    ['an empty from', { from: ' ', to: 'b' }, 'from must not contain empty tags'],
    ['an empty to', { from: 'a', to: '' }, 'to must not contain empty tags'],
    ['the same tag twice', { from: 'a', to: ' a ' }, 'from and to are the same tag'],
  ])('refuses %s naming it', async (_name, request, message) => {
    const { service } = makeService();
    const renamed = service.renameTag({ username: 'alice', ...request });
    await expect(renamed).rejects.toThrow(new InvalidArgumentError(message));
  });

  it('names the tag no link has', async () => {
    const { service } = makeService();
    await service.addLink({ username: 'alice', url, title: 'A', tags: ['go'] });
    await expect(service.renameTag({ username: 'alice', from: 'rust', to: 'go' })).rejects.toThrow(
      new NotFoundError('no link is tagged rust'),
    );
  });
});

describe('LinkService: listing', () => {
  it('reads the tag filter as a tag is stored, without surrounding spaces', async () => {
    const { service } = makeService();
    await service.addLink({ username: 'alice', url, title: 'A', tags: ['go'] });
    const { links } = await service.getLinks({ username: 'alice', tag: ' go ' });
    expect(links.map((link) => link.url)).toEqual([url]);
  });

  it('takes an empty tag filter, or blank search words, as no filter at all', async () => {
    const { service } = makeService();
    await service.addLink({ username: 'alice', url, title: 'A', tags: ['go'] });
    expect((await service.getLinks({ username: 'alice', tag: '' })).links).toHaveLength(1);
    expect((await service.getLinks({ username: 'alice', q: '   ' })).links).toHaveLength(1);
  });

  it('stops reading links once a filtered page and one more are found', async () => {
    const { service, store } = makeService();
    for (let i = 0; i < 450; i++)
      await service.addLink({ username: 'alice', url: `https://a.example/${i}`, title: `match ${i}` });
    const list = jest.spyOn(store, 'list');
    const page = await service.getLinks({ username: 'alice', title: '^match', limit: 10 });
    expect(page.links).toHaveLength(10);
    expect(page.nextPageToken).not.toBe('');
    // The first batch of the scan already holds eleven matches: no second read.
    expect(list).toHaveBeenCalledTimes(1);
  });
});
