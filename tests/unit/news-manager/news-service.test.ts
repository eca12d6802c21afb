import { InMemoryFeedStore, NewsService } from '../../../pkg/news-manager';
import { InvalidArgumentError } from '../../../pkg/object-model';
import { linkEvent } from '../../support/link-event';
import { FakeSocialGraph } from './fake-social-graph';

async function setup(options: { pageSize?: number; fanOutBatchSize?: number } = {}) {
  const graph = new FakeSocialGraph();
  const store = new InMemoryFeedStore({ maxLength: 1000 });
  const service = new NewsService(store, graph, options);
  return { graph, store, service };
}

describe('NewsService', () => {
  it('puts an event in each follower’s feed, naming the author, and not in anybody else’s', async () => {
    const { graph, service } = await setup();
    await graph.follow({ followed: 'alice', follower: 'bob' });
    await graph.follow({ followed: 'alice', follower: 'carol' });
    const event = linkEvent('alice', 'https://a.example/1', 'LINK_UPDATED');
    await service.handleLinkEvent(event);

    for (const follower of ['bob', 'carol']) {
      expect(await service.getNews({ username: follower })).toEqual({
        events: [
          {
            eventType: 'LINK_UPDATED',
            username: 'alice',
            url: 'https://a.example/1',
            timestamp: event.occurredAt,
            title: 'title of https://a.example/1',
          },
        ],
        nextToken: '',
      });
    }
    expect((await service.getNews({ username: 'alice' })).events).toEqual([]);
    expect((await service.getNews({ username: 'dave' })).events).toEqual([]);
  });

  it('fans out to many followers in batches', async () => {
    const { graph, store, service } = await setup({ fanOutBatchSize: 100 });
    const followers = Array.from({ length: 1234 }, (_, i) => `follower${i}`);
    for (const follower of followers) await graph.follow({ followed: 'star', follower });
    const append = jest.spyOn(store, 'append');
    await service.handleLinkEvent(linkEvent('star', 'https://a.example/star'));

    expect(append).toHaveBeenCalledTimes(13);
    for (const follower of followers) {
      const { events } = await service.getNews({ username: follower });
      expect(events.map((e) => e.url)).toEqual(['https://a.example/star']);
    }
  });

  it('writes two batches at once, never more, and every follower gets the event', async () => {
    const { graph, store, service } = await setup({ fanOutBatchSize: 100 });
    for (let i = 0; i < 1000; i++) await graph.follow({ followed: 'star', follower: `follower${i}` });
    let writing = 0;
    let most = 0;
    const append = store.append.bind(store);
    jest.spyOn(store, 'append').mockImplementation(async (...args) => {
      most = Math.max(most, ++writing);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await append(...args);
      writing -= 1;
    });
    await service.handleLinkEvent(linkEvent('star', 'https://a.example/star'));
    expect(most).toBe(2);
    expect((await service.getNews({ username: 'follower999' })).events).toHaveLength(1);
  });

  it('reports a failed batch once the batch in flight beside it has ended, and starts no other', async () => {
    const { graph, store, service } = await setup({ fanOutBatchSize: 100 });
    for (let i = 0; i < 1000; i++) await graph.follow({ followed: 'star', follower: `follower${i}` });
    const started: number[] = [];
    let finished = 0;
    jest.spyOn(store, 'append').mockImplementation(async (feeds) => {
      const batch = Number(feeds[0].slice('follower'.length)) / 100;
      started.push(batch);
      await new Promise((resolve) => setTimeout(resolve, batch === 1 ? 1 : 20));
      finished += 1;
      if (batch === 1) throw new Error('feed store is unavailable');
    });
    await expect(service.handleLinkEvent(linkEvent('star', 'https://a.example/star'))).rejects.toThrow(
      'feed store is unavailable',
    );
    // Batch 2 would start once batch 0 has ended, when batch 1's failure is known: it never starts.
    expect(finished).toBe(started.length);
    expect(started).toEqual([0, 1]);
  });

  it('puts a redelivered event in a feed once', async () => {
    const { graph, service } = await setup();
    await graph.follow({ followed: 'alice', follower: 'bob' });
    const event = linkEvent('alice', 'https://a.example/1');
    await service.handleLinkEvent(event);
    await service.handleLinkEvent(event);
    // A follower who arrived in between gets it on the redelivery, the others keep one copy.
    await graph.follow({ followed: 'alice', follower: 'carol' });
    await service.handleLinkEvent(event);
    expect((await service.getNews({ username: 'bob' })).events).toHaveLength(1);
    expect((await service.getNews({ username: 'carol' })).events).toHaveLength(1);
  });

  it('pages newest first, each event exactly once, while new events arrive between pages', async () => {
    const { graph, service } = await setup({ pageSize: 3 });
    await graph.follow({ followed: 'alice', follower: 'bob' });
    for (let i = 0; i < 10; i++) await service.handleLinkEvent(linkEvent('alice', `https://a.example/${i}`));

    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await service.getNews({ username: 'bob', startToken: token });
      seen.push(...page.events.map((e) => e.url));
      token = page.nextToken;
      pages += 1;
      // Newer events land at the head of the feed; the walk in progress must not see them shift it.
      await service.handleLinkEvent(linkEvent('alice', `https://a.example/new-${pages}`));
    } while (token);

    expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => `https://a.example/${9 - i}`));
    expect(pages).toBe(4);
    const fresh = await service.getNews({ username: 'bob' });
    expect(fresh.events[0].url).toBe('https://a.example/new-4');
  });

  it('rejects an invalid username or page token with INVALID_ARGUMENT, before reading the store', async () => {
    const { store, service } = await setup();
    const read = jest.spyOn(store, 'read');
    await expect(service.getNews({ username: '' })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(service.getNews({ username: 'bad name' })).rejects.toBeInstanceOf(InvalidArgumentError);
    const token = (text: string) => Buffer.from(text).toString('base64url');
    for (const startToken of [
      'nonsense',
      '!!!',
      'A'.repeat(600),
      token('news.v1:12'),
      // Once accepted: a stream id Redis refuses ("0-0" has nothing below it), and one past any time.
      token('news.v1:0-0'),
      token('news.v1:99999999999999999999-0'),
      token('news.v2:99999999999999999999-e1'),
      token('news.v2:8640000000000001-e1'),
      token('news.v2:-1-e1'),
      token('news.v2:01-e1'),
      token('news.v2:12-'),
      token('news.v2:12-a b'),
      token('news.v2:12-a\u0000'),
      token(`news.v2:12-${'a'.repeat(257)}`),
      `${token('news.v2:12-e1')}=`,
    ]) {
      await expect(service.getNews({ username: 'bob', startToken })).rejects.toThrow(
        new InvalidArgumentError('startToken is not a valid page token'),
      );
    }
    expect(read).not.toHaveBeenCalled();
    await expect(
      service.getNews({ username: 'bob', startToken: token('news.v2:8640000000000000-e%201') }),
    ).resolves.toEqual({ events: [], nextToken: '' });
  });

  it('shows the feed newest first by when each change happened, also when events arrive late', async () => {
    const { graph, service } = await setup({ pageSize: 4 });
    await graph.follow({ followed: 'alice', follower: 'bob' });
    const events = Array.from({ length: 6 }, (_, i) => linkEvent('alice', `https://a.example/${i}`));
    // Delivered out of order, as after a crash: 0, 1 and 3 come back after the newer ones.
    for (const i of [2, 4, 5, 0, 1, 3, 1]) await service.handleLinkEvent(events[i]);
    const first = await service.getNews({ username: 'bob' });
    const second = await service.getNews({ username: 'bob', startToken: first.nextToken });
    expect([...first.events, ...second.events].map((e) => e.url)).toEqual(
      [5, 4, 3, 2, 1, 0].map((i) => `https://a.example/${i}`),
    );
    expect(second.nextToken).toBe('');
  });

  it('writes nothing when the author has no followers', async () => {
    const { graph, store, service } = await setup();
    const append = jest.spyOn(store, 'append');
    await service.handleLinkEvent(linkEvent('loner', 'https://a.example/1'));
    expect(graph.followersCalls).toBe(1);
    expect(append).not.toHaveBeenCalled();
  });
});
