import type { UserStore } from '../../pkg/user-manager';

/** The behaviour every UserStore must have; each implementation runs this same suite. */
export function describeUserStoreContract(
  name: string,
  open: () => Promise<{ store: UserStore; close(): Promise<void> }>,
) {
  describe(`UserStore contract: ${name}`, () => {
    let store: UserStore;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ store, close } = await open());
    });
    afterEach(async () => {
      await close();
    });

    const ann = { username: 'ann', email: 'ann@example.com' };
    const t0 = new Date('2026-01-01T00:00:00Z');
    const later = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

    it('registers once, is idempotent for the same email, and reports which field conflicts', async () => {
      expect(await store.register(ann)).toEqual({ created: true, user: ann });
      expect(await store.register(ann)).toEqual({ created: false, user: ann });
      expect(await store.register({ username: 'ann', email: 'other@example.com' })).toEqual({
        conflict: 'username',
      });
      expect(await store.register({ username: 'bob', email: 'ann@example.com' })).toEqual({
        conflict: 'email',
      });
      expect(await store.getUser('ann')).toEqual(ann);
      expect(await store.getUser('bob')).toBeUndefined();
    });

    it('finds a session until it expires', async () => {
      await store.register(ann);
      await store.createSession('ann', 'hash-1', later(60));
      expect(await store.findSession('hash-1', later(59))).toEqual(ann);
      expect(await store.findSession('hash-1', later(60))).toBeUndefined();
      expect(await store.findSession('unknown', t0)).toBeUndefined();
    });

    it('deletes only the named session of its own user', async () => {
      await store.register(ann);
      await store.register({ username: 'bob', email: 'bob@example.com' });
      await store.createSession('ann', 'phone', later(60));
      await store.createSession('ann', 'laptop', later(60));
      expect(await store.deleteSession('bob', 'phone')).toBe(false);
      expect(await store.deleteSession('ann', 'phone')).toBe(true);
      expect(await store.deleteSession('ann', 'phone')).toBe(false);
      expect(await store.findSession('phone', t0)).toBeUndefined();
      expect(await store.findSession('laptop', t0)).toEqual(ann);
    });

    it('cleans up a user’s expired sessions only', async () => {
      await store.register(ann);
      await store.createSession('ann', 'old', later(10));
      await store.createSession('ann', 'new', later(100));
      await store.deleteExpiredSessions('ann', later(50));
      expect(await store.deleteSession('ann', 'old')).toBe(false);
      expect(await store.findSession('new', later(50))).toEqual(ann);
    });

    it('keeps one feed token digest per user, replaced on rotation, gone on revocation', async () => {
      await store.register(ann);
      expect(await store.feedTokenHash('ann')).toBeUndefined();
      await store.setFeedToken('ann', 'digest-1');
      await store.setFeedToken('ann', 'digest-2');
      expect(await store.feedTokenHash('ann')).toBe('digest-2');
      await store.deleteFeedToken('ann');
      await store.deleteFeedToken('ann');
      expect(await store.feedTokenHash('ann')).toBeUndefined();
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
