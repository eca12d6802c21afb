import { decodeJwt } from 'jose';
import { UserProofSigner, generateUserProofKeyPair } from '../../../pkg/auth';
import { SessionCache, type LogoutNotices } from '../../../svc/api-gateway-service/session-cache';
import { FakeUsers } from '../../support/fake-backends';

/** Notices delivered in process, as Redis pub/sub would deliver them to every replica. */
class InProcessNotices implements LogoutNotices {
  live = true;
  private readonly handlers: Array<{ handler: (key: string) => void; onGap: () => void }> = [];
  async publish(key: string) {
    for (const { handler } of this.handlers) handler(key);
  }
  subscribe(handler: (key: string) => void, onGap: () => void) {
    this.handlers.push({ handler, onGap });
  }
  gap() {
    for (const { onGap } of this.handlers) onGap();
  }
}

async function setUp() {
  const users = new FakeUsers();
  await users.register({ username: 'ann', email: 'ann@example.com' });
  const { session } = await users.login({ username: 'ann' });
  let lookups = 0;
  const resolve = users.resolveSession.bind(users);
  users.resolveSession = async (token: string) => {
    lookups++;
    return resolve(token);
  };
  const notices = new InProcessNotices();
  const replicas = [new SessionCache(users, 60_000, notices), new SessionCache(users, 60_000, notices)];
  return { users, session, notices, replicas, lookups: () => lookups };
}

describe('the session cache of a replica', () => {
  it('answers a burst from the cache, and forgets a session another replica logged out', async () => {
    const { users, session, replicas, lookups } = await setUp();
    await replicas[1].resolve(session);
    await replicas[1].resolve(session);
    expect(lookups()).toBe(1);
    await users.logout({ username: 'ann', session });
    await replicas[0].evict(session);
    await expect(replicas[1].resolve(session)).rejects.toThrow(/unknown or expired/);
  });

  it('does not trust its cache while notices cannot arrive, and empties it when they can again', async () => {
    const { users, session, notices, replicas, lookups } = await setUp();
    await replicas[1].resolve(session);
    notices.live = false;
    await replicas[1].resolve(session);
    expect(lookups()).toBe(2);
    // A logout whose notice is lost: the replica asks the user service, which says no.
    await users.logout({ username: 'ann', session });
    await expect(replicas[1].resolve(session)).rejects.toThrow(/unknown or expired/);
    notices.live = true;
    notices.gap();
    await expect(replicas[1].resolve(session)).rejects.toThrow(/unknown or expired/);
  });
});

describe('the user proofs the session cache keeps', () => {
  const user = { username: 'ann', email: 'ann@example.com' };
  async function cacheWithProofsFor(ttlSeconds: number) {
    const signer = await UserProofSigner.fromJwk(generateUserProofKeyPair().privateJwk, ttlSeconds);
    let lookups = 0;
    const source = {
      resolveSession: async () => user,
      resolveSessionWithProof: async () => {
        lookups++;
        return { user, proof: await signer.sign('ann') };
      },
    };
    return { cache: new SessionCache(source, 60_000), lookups: () => lookups };
  }

  it('hands out the proof the user service gave with the session, from the cache while it is good', async () => {
    const { cache, lookups } = await cacheWithProofsFor(60);
    const first = await cache.resolveWithProof('session');
    expect(first.user).toEqual(user);
    expect(decodeJwt(first.proof!).sub).toBe('ann');
    expect(await cache.resolveWithProof('session')).toBe(first);
    expect(lookups()).toBe(1);
  });

  it('asks again for a proof that would expire within the margin, whatever the cache time', async () => {
    const { cache, lookups } = await cacheWithProofsFor(10);
    await cache.resolveWithProof('session');
    await cache.resolveWithProof('session');
    expect(lookups()).toBe(2);
  });
});
