import type { SocialGraphStore } from '../../pkg/social-graph-manager';

/** The behaviour every SocialGraphStore must have; each implementation runs this same suite. */
export function describeSocialGraphStoreContract(
  name: string,
  open: () => Promise<{ store: SocialGraphStore; close(): Promise<void> }>,
) {
  describe(`SocialGraphStore contract: ${name}`, () => {
    let store: SocialGraphStore;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ store, close } = await open());
    });
    afterEach(async () => {
      await close();
    });

    it('records directed edges and lists both directions, sorted', async () => {
      await store.follow('carol', 'ann');
      await store.follow('bob', 'ann');
      await store.follow('ann', 'bob');
      expect(await store.followers('ann')).toEqual(['bob', 'carol']);
      expect(await store.following('ann')).toEqual(['bob']);
      expect(await store.following('carol')).toEqual(['ann']);
      expect(await store.followers('carol')).toEqual([]);
    });

    it('follow is idempotent; unfollow reports whether there was an edge', async () => {
      await store.follow('bob', 'ann');
      await store.follow('bob', 'ann');
      expect(await store.followers('ann')).toEqual(['bob']);
      expect(await store.unfollow('bob', 'ann')).toBe(true);
      expect(await store.unfollow('bob', 'ann')).toBe(false);
      expect(await store.followers('ann')).toEqual([]);
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
