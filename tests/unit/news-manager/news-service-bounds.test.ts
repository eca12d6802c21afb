import { InMemoryFeedStore, NewsService } from '../../../pkg/news-manager';
import { linkEvent } from '../../support/link-event';
import { FakeSocialGraph } from './fake-social-graph';

async function withFollowers(count: number, options: { pageSize?: number; fanOutBatchSize?: number } = {}) {
  const graph = new FakeSocialGraph();
  const store = new InMemoryFeedStore({ maxLength: 1000 });
  const service = new NewsService(store, graph, options);
  for (let i = 0; i < count; i++) await graph.follow({ followed: 'star', follower: `fan${i}` });
  const append = jest.spyOn(store, 'append');
  return { service, append };
}

async function postLinks(service: NewsService, count: number) {
  for (let i = 0; i < count; i++) {
    const event = linkEvent('star', `https://a.example/${i}`);
    await service.handleLinkEvent({
      ...event,
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    });
  }
}

describe('NewsService pages', () => {
  it('gives 20 events a page by default, with a token only when more follow', async () => {
    const { service } = await withFollowers(1);
    await postLinks(service, 20);
    expect(await service.getNews({ username: 'fan0' })).toMatchObject({ nextToken: '' });
    expect((await service.getNews({ username: 'fan0' })).events).toHaveLength(20);
    await postLinks(service, 21);
    const first = await service.getNews({ username: 'fan0' });
    expect(first.events).toHaveLength(20);
    expect(first.nextToken).not.toBe('');
  });

  it('continues after the last event of the page, newest first', async () => {
    const { service } = await withFollowers(1, { pageSize: 2 });
    await postLinks(service, 3);
    const first = await service.getNews({ username: 'fan0' });
    expect(first.events.map((e) => e.url)).toEqual(['https://a.example/2', 'https://a.example/1']);
    const rest = await service.getNews({ username: 'fan0', startToken: first.nextToken });
    expect(rest).toEqual({
      events: [expect.objectContaining({ url: 'https://a.example/0' })],
      nextToken: '',
    });
  });
});

describe('NewsService fan-out batches', () => {
  it('writes followers in batches of fanOutBatchSize, the last one partial', async () => {
    const { service, append } = await withFollowers(5, { fanOutBatchSize: 2 });
    await postLinks(service, 1);
    expect(append.mock.calls.map(([feeds]) => feeds)).toEqual([['fan0', 'fan1'], ['fan2', 'fan3'], ['fan4']]);
  });

  it('writes an exact multiple of the batch size in full batches', async () => {
    const { service, append } = await withFollowers(4, { fanOutBatchSize: 2 });
    await postLinks(service, 1);
    expect(append.mock.calls.map(([feeds]) => feeds.length)).toEqual([2, 2]);
  });

  it('writes 500 followers a batch by default', async () => {
    const { service, append } = await withFollowers(501);
    await postLinks(service, 1);
    expect(append.mock.calls.map(([feeds]) => feeds.length)).toEqual([500, 1]);
  });
});

describe('InMemoryFeedStore length', () => {
  const event = (second: number) => ({
    eventType: 'LINK_ADDED' as const,
    username: 'ann',
    url: `https://example.com/${second}`,
    timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(),
  });

  it('keeps maxLength entries per feed, dropping the oldest', async () => {
    const store = new InMemoryFeedStore({ maxLength: 2 });
    await store.append(['bob'], 'e1', event(1));
    await store.append(['bob'], 'e2', event(2));
    expect(await store.read('bob', undefined, 10)).toHaveLength(2);
    await store.append(['bob'], 'e3', event(3));
    expect((await store.read('bob', undefined, 10)).map((entry) => entry.event.url)).toEqual([
      'https://example.com/3',
      'https://example.com/2',
    ]);
  });

  it('reads at most limit entries, the newest', async () => {
    const store = new InMemoryFeedStore({ maxLength: 10 });
    for (let i = 1; i <= 3; i++) await store.append(['bob'], `e${i}`, event(i));
    expect((await store.read('bob', undefined, 2)).map((entry) => entry.event.url)).toEqual([
      'https://example.com/3',
      'https://example.com/2',
    ]);
  });
});

describe('InMemoryFeedStore event ids and equal entries', () => {
  const event = (url: string) => ({
    eventType: 'LINK_ADDED' as const,
    username: 'ann',
    url,
    timestamp: '2026-01-01T00:00:00.000Z',
  });

  it('keeps the first event of an id within the dedup TTL, even if a later one differs', async () => {
    let now = 0;
    const store = new InMemoryFeedStore({ maxLength: 10, dedupTtlSeconds: 10, now: () => now });
    await store.append(['bob'], 'e1', event('https://example.com/first'));
    now = 9_999;
    await store.append(['bob'], 'e1', event('https://example.com/second'));
    expect((await store.read('bob', undefined, 10)).map((entry) => entry.event.url)).toEqual([
      'https://example.com/first',
    ]);
  });

  it('holds an identical entry once, also after its id was forgotten', async () => {
    let now = 0;
    const store = new InMemoryFeedStore({ maxLength: 10, dedupTtlSeconds: 1, now: () => now });
    await store.append(['bob'], 'e1', event('https://example.com/same'));
    now = 5_000;
    await store.append(['bob'], 'e1', event('https://example.com/same'));
    expect(await store.read('bob', undefined, 10)).toHaveLength(1);
  });

  it('holds two different events at one position after the id was forgotten', async () => {
    let now = 0;
    const store = new InMemoryFeedStore({ maxLength: 10, dedupTtlSeconds: 1, now: () => now });
    await store.append(['bob'], 'e1', event('https://example.com/one'));
    now = 5_000;
    await store.append(['bob'], 'e1', event('https://example.com/two'));
    expect(await store.read('bob', undefined, 10)).toHaveLength(2);
  });
});
