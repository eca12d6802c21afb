import {
  AlreadyExistsError,
  InvalidArgumentError,
  NotFoundError,
  UnauthenticatedError,
} from '../../../pkg/object-model';
import { InMemoryUserStore, UserService } from '../../../pkg/user-manager';

function makeService() {
  let now = new Date('2026-01-01T00:00:00Z');
  const service = new UserService(new InMemoryUserStore(), { sessionTtlSeconds: 3600, now: () => now });
  return { service, advance: (seconds: number) => (now = new Date(now.getTime() + seconds * 1000)) };
}

describe('UserService', () => {
  it('registers idempotently, normalising the email, and refuses conflicts', async () => {
    const { service } = makeService();
    expect(await service.register({ username: 'ann', email: ' Ann@Example.com ' })).toEqual({
      username: 'ann',
      email: 'ann@example.com',
    });
    expect(await service.register({ username: 'ann', email: 'ann@example.com' })).toEqual({
      username: 'ann',
      email: 'ann@example.com',
    });
    await expect(service.register({ username: 'ann', email: 'x@example.com' })).rejects.toThrow(
      /username ann is taken/,
    );
    await expect(service.register({ username: 'bob', email: 'ann@example.com' })).rejects.toBeInstanceOf(
      AlreadyExistsError,
    );
  });

  it.each([
    [{ username: '-x', email: 'x@example.com' }, /username/],
    [{ username: 'x', email: 'not-an-email' }, /email/],
    [{ username: 'x', email: `${'a'.repeat(250)}@example.com` }, /email/],
  ])('refuses bad registrations %j', async (request, message) => {
    const { service } = makeService();
    await expect(service.register(request)).rejects.toThrow(message);
    await expect(service.register(request)).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('opens sessions that resolve until they expire, several at once', async () => {
    const { service, advance } = makeService();
    await service.register({ username: 'ann', email: 'ann@example.com' });
    const phone = (await service.login({ username: 'ann', authToken: 'proof' })).session;
    advance(1800);
    const laptop = (await service.login({ username: 'ann', authToken: 'proof' })).session;
    expect(await service.resolveSession(phone)).toEqual({ username: 'ann', email: 'ann@example.com' });
    advance(1800);
    await expect(service.resolveSession(phone)).rejects.toBeInstanceOf(UnauthenticatedError);
    expect((await service.resolveSession(laptop)).username).toBe('ann');
  });

  it('logout ends that one session only', async () => {
    const { service } = makeService();
    await service.register({ username: 'ann', email: 'ann@example.com' });
    const one = (await service.login({ username: 'ann', authToken: 'proof' })).session;
    const two = (await service.login({ username: 'ann', authToken: 'proof' })).session;
    await service.logout({ username: 'ann', session: one });
    await expect(service.resolveSession(one)).rejects.toBeInstanceOf(UnauthenticatedError);
    expect((await service.resolveSession(two)).username).toBe('ann');
    await expect(service.logout({ username: 'ann', session: one })).rejects.toBeInstanceOf(
      UnauthenticatedError,
    );
  });

  it('refuses a login without proof, for an unknown user, and odd tokens', async () => {
    const { service } = makeService();
    await expect(service.login({ username: 'ghost', authToken: 'proof' })).rejects.toBeInstanceOf(
      UnauthenticatedError,
    );
    await expect(service.login({ username: 'ghost', authToken: '' })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(service.resolveSession('')).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(service.resolveSession('x'.repeat(500))).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(service.getUser('ghost')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('creates, rotates, checks and revokes a feed token, stored only as its digest', async () => {
    const { service } = makeService();
    await service.register({ username: 'ann', email: 'ann@example.com' });
    await expect(service.checkFeedToken({ username: 'ann', token: 'none-yet' })).rejects.toBeInstanceOf(
      UnauthenticatedError,
    );
    const { token: first } = await service.createFeedToken({ username: 'ann' });
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expect(service.checkFeedToken({ username: 'ann', token: first })).resolves.toBeUndefined();
    const { token: second } = await service.createFeedToken({ username: 'ann' });
    await expect(service.checkFeedToken({ username: 'ann', token: first })).rejects.toThrow(/feed token/);
    await expect(service.checkFeedToken({ username: 'ann', token: second })).resolves.toBeUndefined();
    // Another user's token opens nothing of ann's.
    await service.register({ username: 'bob', email: 'bob@example.com' });
    const { token: bobs } = await service.createFeedToken({ username: 'bob' });
    await expect(service.checkFeedToken({ username: 'ann', token: bobs })).rejects.toThrow(
      UnauthenticatedError,
    );
    await service.revokeFeedToken({ username: 'ann' });
    await expect(service.checkFeedToken({ username: 'ann', token: second })).rejects.toThrow(
      UnauthenticatedError,
    );
    await expect(service.createFeedToken({ username: 'ghost' })).rejects.toBeInstanceOf(NotFoundError);
  });
});
