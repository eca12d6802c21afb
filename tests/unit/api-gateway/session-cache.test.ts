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
