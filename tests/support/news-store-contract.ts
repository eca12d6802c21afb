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

    it('skips a redelivery whose payload differs: the event id decides', async () => {
      await store.append(['alice'], 'e1', news('https://a.example/1'));
      await store.append(['alice'], 'e1', news('https://a.example/1', { title: 'edited on the way' }));
      const feed = await store.read('alice', undefined, 10);
      expect(feed.map((entry) => entry.event)).toEqual([news('https://a.example/1')]);
    });

    it('keeps an event that was trimmed out of a feed out when it is redelivered', async () => {
      const at = (second: number) => `2026-01-02T03:07:${String(second).padStart(2, '0')}.000Z`;
      for (let i = 1; i <= 7; i++) {
        await store.append(['alice'], `t${i}`, news(`https://a.example/${i}`, { timestamp: at(i) }));
      }
      // t1 and t2 were trimmed (maxLength 5); their redelivery must not bring them back.
      await store.append(['alice'], 't1', news('https://a.example/1', { timestamp: at(1) }));
      await store.append(['alice'], 't2', news('https://a.example/2', { timestamp: at(2) }));
      const feed = await store.read('alice', undefined, 100);
      expect(feed.map((entry) => entry.event.url)).toEqual(
        [7, 6, 5, 4, 3].map((i) => `https://a.example/${i}`),
      );
    });

    it('reads older entries than a position, exclusively', async () => {
      for (let i = 1; i <= 4; i++) await store.append(['alice'], `e${i}`, news(`https://a.example/${i}`));
      const first = await store.read('alice', undefined, 2);
      expect(first.map((entry) => entry.event.url)).toEqual(['https://a.example/4', 'https://a.example/3']);
      const second = await store.read('alice', first[1].position, 2);
      expect(second.map((entry) => entry.event.url)).toEqual(['https://a.example/2', 'https://a.example/1']);
      expect(await store.read('alice', second[1].position, 2)).toEqual([]);
    });

    it('keeps only the newest maxLength entries of a feed, by event time', async () => {
      const at = (second: number) => `2026-01-02T03:06:${String(second).padStart(2, '0')}.000Z`;
      for (let i = 1; i <= 8; i++) {
        await store.append(['alice'], `e${i}`, news(`https://a.example/${i}`, { timestamp: at(i) }));
      }
      // An event older than every kept one arrives late: it is trimmed at once.
      await store.append(['alice'], 'e0', news('https://a.example/0', { timestamp: at(0) }));
      const feed = await store.read('alice', undefined, 100);
      expect(feed.map((entry) => entry.event.url)).toEqual(
        [8, 7, 6, 5, 4].map((i) => `https://a.example/${i}`),
      );
    });

    it('orders entries by event time, whatever order they arrive in', async () => {
      const at = (second: number) => `2026-01-02T03:04:${String(second).padStart(2, '0')}.000Z`;
      for (const second of [30, 10, 40, 20]) {
        await store.append(
          ['alice'],
          `e${second}`,
          news(`https://a.example/${second}`, { timestamp: at(second) }),
        );
      }
      const feed = await store.read('alice', undefined, 10);
      expect(feed.map((entry) => entry.event.timestamp)).toEqual([at(40), at(30), at(20), at(10)]);
      // A redelivery of an older event stays one entry, in its place.
      await store.append(['alice'], 'e20', news('https://a.example/20', { timestamp: at(20) }));
      expect((await store.read('alice', undefined, 10)).map((entry) => entry.event.timestamp)).toEqual([
        at(40),
        at(30),
        at(20),
        at(10),
      ]);
    });

    it('keeps a page walk exact while newer and older events arrive between pages', async () => {
      const at = (second: number) => `2026-01-02T03:05:${String(second).padStart(2, '0')}.000Z`;
      for (const second of [20, 30, 40]) {
        await store.append(
          ['alice'],
          `p${second}`,
          news(`https://a.example/${second}`, { timestamp: at(second) }),
        );
      }
      const first = await store.read('alice', undefined, 2);
      // Arrivals on both sides of the page boundary (30): one newer than everything, one older.
      // (Five entries in all: the contract's maxLength.)
      await store.append(['alice'], 'p50', news('https://a.example/50', { timestamp: at(50) }));
      await store.append(['alice'], 'p25', news('https://a.example/25', { timestamp: at(25) }));
      const walked = [...first];
      for (let page = first; page.length > 0; walked.push(...page)) {
        page = await store.read('alice', page[page.length - 1].position, 2);
      }
      // Nothing shifts or repeats: the newer event is for the next walk, the older one comes in its place.
      expect(walked.map((entry) => entry.event.url)).toEqual(
        [40, 30, 25, 20].map((n) => `https://a.example/${n}`),
      );
    });

    it('orders events of the same millisecond by event id, so each has its own position', async () => {
      for (const id of ['b', 'a', 'c']) await store.append(['alice'], id, news(`https://a.example/${id}`));
      const feed = await store.read('alice', undefined, 10);
      expect(feed.map((entry) => entry.event.url)).toEqual(
        ['c', 'b', 'a'].map((id) => `https://a.example/${id}`),
      );
      const rest = await store.read('alice', feed[0].position, 10);
      expect(rest.map((entry) => entry.event.url)).toEqual(['b', 'a'].map((id) => `https://a.example/${id}`));
    });

    it('keeps two events with the same content but different ids, each at its own position', async () => {
      // Same author, link and millisecond, published twice (added, deleted, added again):
      // only an identical id and content is a redelivery.
      await store.append(['alice'], 'a', news('https://a.example/same'));
      await store.append(['alice'], 'b', news('https://a.example/same'));
      const feed = await store.read('alice', undefined, 10);
      expect(feed.map((entry) => entry.event)).toEqual([
        news('https://a.example/same'),
        news('https://a.example/same'),
      ]);
      expect(feed[0].position).not.toEqual(feed[1].position);
    });

    it('accepts an append to no feed and answers ping', async () => {
      await expect(store.append([], 'e1', news('https://a.example/1'))).resolves.toBeUndefined();
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
