import { FEED_POSITION, type FeedStore } from '../../pkg/news-manager';
import type { NewsEvent } from '../../pkg/object-model';

/**
 * The behaviour every FeedStore must have. Each implementation runs this same suite,
 * so the in-memory store used by unit tests cannot drift from Redis.
 */
export function describeFeedStoreContract(
  name: string,
  open: (options: { maxLength: number }) => Promise<{ store: FeedStore; close(): Promise<void> }>,
) {
  describe(`FeedStore contract: ${name}`, () => {
    let store: FeedStore;
    let close: () => Promise<void>;

    beforeEach(async () => {
      ({ store, close } = await open({ maxLength: 5 }));
    });
    afterEach(async () => {
      await close();
    });

    function news(url: string, overrides: Partial<NewsEvent> = {}): NewsEvent {
      return {
        eventType: 'LINK_ADDED',
        username: 'author',
        url,
        timestamp: '2026-01-02T03:04:05.000Z',
        title: `title ${url}`,
        ...overrides,
      };
    }

    it('reads an unknown feed as empty', async () => {
      expect(await store.read('nobody', undefined, 10)).toEqual([]);
    });

    it('appends one event to several feeds, newest first, with every field', async () => {
      await store.append(['alice', 'bob'], 'e1', news('https://a.example/1'));
      await store.append(
        ['alice'],
        'e2',
        news('https://a.example/2', { eventType: 'LINK_DELETED', title: undefined }),
      );
      const alice = await store.read('alice', undefined, 10);
      expect(alice.map((entry) => entry.event)).toEqual([
        {
          eventType: 'LINK_DELETED',
          username: 'author',
          url: 'https://a.example/2',
          timestamp: '2026-01-02T03:04:05.000Z',
        },
        news('https://a.example/1'),
      ]);
      expect((await store.read('bob', undefined, 10)).map((entry) => entry.event.url)).toEqual([
        'https://a.example/1',
      ]);
      for (const entry of alice) expect(entry.position).toMatch(FEED_POSITION);
    });

    it('appends an event id to a feed once, however often it is appended', async () => {
      await store.append(['alice'], 'e1', news('https://a.example/1'));
      await store.append(['alice', 'bob'], 'e1', news('https://a.example/1'));
      await store.append(['alice', 'bob'], 'e1', news('https://a.example/1'));
      expect(await store.read('alice', undefined, 10)).toHaveLength(1);
      expect(await store.read('bob', undefined, 10)).toHaveLength(1);
    });

    it('reads older entries than a position, exclusively', async () => {
      for (let i = 1; i <= 4; i++) await store.append(['alice'], `e${i}`, news(`https://a.example/${i}`));
      const first = await store.read('alice', undefined, 2);
      expect(first.map((entry) => entry.event.url)).toEqual(['https://a.example/4', 'https://a.example/3']);
      const second = await store.read('alice', first[1].position, 2);
      expect(second.map((entry) => entry.event.url)).toEqual(['https://a.example/2', 'https://a.example/1']);
      expect(await store.read('alice', second[1].position, 2)).toEqual([]);
    });

    it('keeps only the newest maxLength entries of a feed', async () => {
      for (let i = 1; i <= 8; i++) await store.append(['alice'], `e${i}`, news(`https://a.example/${i}`));
      const feed = await store.read('alice', undefined, 100);
      expect(feed.map((entry) => entry.event.url)).toEqual(
        [8, 7, 6, 5, 4].map((i) => `https://a.example/${i}`),
      );
    });

    it('accepts an append to no feed and answers ping', async () => {
      await expect(store.append([], 'e1', news('https://a.example/1'))).resolves.toBeUndefined();
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
