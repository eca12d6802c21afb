import {
  AlreadyExistsError,
  InvalidArgumentError,
  NotFoundError,
  UnauthenticatedError,
  type LoginRequest,
} from '../../../pkg/object-model';
import { InMemoryUserStore, UserService } from '../../../pkg/user-manager';

/** An in-memory store that records which session digests it was asked about. */
class WatchedStore extends InMemoryUserStore {
  readonly lookedUp: string[] = [];
  readonly deleted: string[] = [];

  override async findSession(tokenHash: string, now: Date) {
    this.lookedUp.push(tokenHash);
    return super.findSession(tokenHash, now);
  }

  override async deleteSession(username: string, tokenHash: string) {
    this.deleted.push(tokenHash);
    return super.deleteSession(username, tokenHash);
  }
}

const TTL_SECONDS = 3600;

async function withAnn() {
  let now = new Date('2026-01-01T00:00:00Z');
  const store = new WatchedStore();
  const service = new UserService(store, { sessionTtlSeconds: TTL_SECONDS, now: () => now });
  await service.register({ username: 'ann', email: 'ann@example.com' });
  const at = (seconds: number) => (now = new Date(Date.parse('2026-01-01T00:00:00Z') + seconds * 1000));
  return { service, store, at };
}

describe('UserService login', () => {
  it('refuses a login with no authToken at all, opening no session', async () => {
    const { service, store } = await withAnn();
    const createSession = jest.spyOn(store, 'createSession');
    await expect(service.login({ username: 'ann' } as LoginRequest)).rejects.toThrow(
      new InvalidArgumentError('authToken is required'),
    );
    expect(createSession).not.toHaveBeenCalled();
  });

  it('refuses an authToken that is not a string', async () => {
    const { service } = await withAnn();
    await expect(
      service.login({ username: 'ann', authToken: 42 } as unknown as LoginRequest),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('refuses an empty authToken for a registered user', async () => {
    const { service } = await withAnn();
    await expect(service.login({ username: 'ann', authToken: '' })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
  });

  it('answers an unknown user like a failed login', async () => {
    const { service } = await withAnn();
    await expect(service.login({ username: 'ghost', authToken: 'proof' })).rejects.toThrow(
      new UnauthenticatedError('login failed'),
    );
  });
});

describe('UserService sessions', () => {
  it('hands out 256-bit URL-safe session tokens, a new one each login', async () => {
    const { service } = await withAnn();
    const one = (await service.login({ username: 'ann', authToken: 'proof' })).session;
    const two = (await service.login({ username: 'ann', authToken: 'proof' })).session;
    expect(one).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(two).not.toBe(one);
  });

  it('keeps a session for exactly sessionTtlSeconds', async () => {
    const { service, at } = await withAnn();
    const { session } = await service.login({ username: 'ann', authToken: 'proof' });
    at(TTL_SECONDS - 1);
    expect((await service.resolveSession(session)).username).toBe('ann');
    at(TTL_SECONDS);
    await expect(service.resolveSession(session)).rejects.toThrow(
      new UnauthenticatedError('unknown or expired session'),
    );
  });

  it.each([
    ['undefined', undefined],
    ['a number', 42],
    ['an object', { length: 1 }],
  ])('refuses %s as a session token without asking the store', async (_what, token) => {
    const { service, store } = await withAnn();
    await expect(service.resolveSession(token as unknown as string)).rejects.toBeInstanceOf(
      UnauthenticatedError,
    );
    expect(store.lookedUp).toEqual([]);
  });

  it('refuses an empty session token without asking the store', async () => {
    const { service, store } = await withAnn();
    await expect(service.resolveSession('')).rejects.toThrow(
      new UnauthenticatedError('unknown or expired session'),
    );
    expect(store.lookedUp).toEqual([]);
  });

  it('looks up a 200-character token and refuses a 201-character one unseen', async () => {
    const { service, store } = await withAnn();
    await expect(service.resolveSession('x'.repeat(200))).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(store.lookedUp).toHaveLength(1);
    await expect(service.resolveSession('x'.repeat(201))).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(store.lookedUp).toHaveLength(1);
  });

  it('checks the token on logout too, before deleting anything', async () => {
    const { service, store } = await withAnn();
    await expect(
      service.logout({ username: 'ann', session: undefined as unknown as string }),
    ).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(service.logout({ username: 'ann', session: '' })).rejects.toBeInstanceOf(
      UnauthenticatedError,
    );
    expect(store.deleted).toEqual([]);
  });

  it("does not let one user log out another's session", async () => {
    const { service } = await withAnn();
    await service.register({ username: 'bob', email: 'bob@example.com' });
    const { session } = await service.login({ username: 'ann', authToken: 'proof' });
    await expect(service.logout({ username: 'bob', session })).rejects.toThrow(
      new UnauthenticatedError('unknown or expired session'),
    );
    expect((await service.resolveSession(session)).username).toBe('ann');
  });
});

describe('UserService on the real clock', () => {
  it('keeps a fresh session open when no clock is given', async () => {
    const service = new UserService(new InMemoryUserStore(), { sessionTtlSeconds: 60 });
    await service.register({ username: 'ann', email: 'ann@example.com' });
    const { session } = await service.login({ username: 'ann', authToken: 'proof' });
    expect((await service.resolveSession(session)).username).toBe('ann');
  });
});

describe('UserService getUser', () => {
  it('finds a registered user and names a missing one', async () => {
    const { service } = await withAnn();
    expect(await service.getUser('ann')).toEqual({ username: 'ann', email: 'ann@example.com' });
    await expect(service.getUser('ghost')).rejects.toThrow(new NotFoundError('user ghost not found'));
  });
});

describe('UserService registration', () => {
  it('says which of username or email is taken', async () => {
    const { service } = await withAnn();
    await expect(service.register({ username: 'ann', email: 'other@example.com' })).rejects.toThrow(
      new AlreadyExistsError('username ann is taken'),
    );
    await expect(service.register({ username: 'bob', email: 'ann@example.com' })).rejects.toThrow(
      new AlreadyExistsError('that email belongs to another user'),
    );
  });

  it('accepts a 254-character email and refuses a 255-character one', async () => {
    const { service } = await withAnn();
    const email = (length: number) => `${'a'.repeat(length - '@example.com'.length)}@example.com`;
    expect((await service.register({ username: 'long', email: email(254) })).email).toHaveLength(254);
    await expect(service.register({ username: 'longer', email: email(255) })).rejects.toThrow(
      new InvalidArgumentError('email must be an email address'),
    );
  });

  it('refuses an email that is not a string', async () => {
    const { service } = await withAnn();
    await expect(service.register({ username: 'bob', email: 7 as unknown as string })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
  });
});
