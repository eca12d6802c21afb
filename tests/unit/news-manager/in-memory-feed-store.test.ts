import { InMemoryFeedStore } from '../../../pkg/news-manager';
import { describeFeedStoreContract } from '../../support/news-store-contract';

describeFeedStoreContract('in memory', async ({ maxLength }) => {
  const store = new InMemoryFeedStore({ maxLength });
  return { store, close: () => store.close() };
});

describe('InMemoryFeedStore event ids', () => {
  const event = {
    eventType: 'LINK_ADDED',
    username: 'ann',
    url: 'https://example.com',
    timestamp: '2026-01-01T00:00:00.000Z',
  } as const;

  it('are remembered for the dedup TTL, then forgotten, so memory stays bounded', async () => {
    let now = 0;
    const store = new InMemoryFeedStore({ maxLength: 10, dedupTtlSeconds: 10, now: () => now });
    await store.append(['bob'], 'e1', event);
    now = 9_000;
    await store.append(['bob'], 'e1', event);
    expect(await store.read('bob', undefined, 10)).toHaveLength(1);
    now = 10_000;
    await store.append(['bob'], 'e1', { ...event, timestamp: '2026-01-01T00:00:01.000Z' });
    // Past the TTL the id was forgotten: the same id counts as new, as it does in Redis.
    expect(await store.read('bob', undefined, 10)).toHaveLength(2);
  });
});
