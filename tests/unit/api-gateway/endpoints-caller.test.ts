import type { Context } from '../../../pkg/kit';
import { AlreadyExistsError, UnauthenticatedError, UnavailableError } from '../../../pkg/object-model';
import * as endpoints from '../../../svc/api-gateway-service/endpoints';
import type { Backends } from '../../../svc/api-gateway-service/endpoints';
import type { SessionCache } from '../../../svc/api-gateway-service/session-cache';

/** Backends whose every method records its argument and answers `undefined`, or what `answers` says. */
function recordingBackends(answers: Record<string, (arg: unknown) => unknown> = {}) {
  const calls: Array<[string, unknown]> = [];
  const record = (service: string) =>
    new Proxy(
      {},
      {
        get: (_target, method: string) => async (arg: unknown) => {
          calls.push([`${service}.${method}`, arg]);
          return answers[`${service}.${method}`]?.(arg);
        },
      },
    );
  const backends = {
    links: record('links'),
    users: record('users'),
    social: record('social'),
    news: record('news'),
  } as unknown as Backends;
  return { backends, calls };
}

type AnyEndpoint = (request: unknown, ctx: Context) => Promise<unknown>;
// Only logout reads the session cache; these handlers never touch it.
const sessions = {} as SessionCache;
const handler =
  (name: keyof ReturnType<typeof endpoints.publicHandlers>) =>
  (b: Backends): AnyEndpoint =>
    endpoints.publicHandlers(b, sessions)[name] as unknown as AnyEndpoint;
// Each endpoint, a request that tries to act for someone else, and the call it must make for the caller.
const cases: Array<[string, (b: Backends) => AnyEndpoint, unknown, Array<[string, unknown]>]> = [
  ['me', handler('getMe'), undefined, [['users.getUser', 'ann']]],
  [
    'get links',
    handler('getLinks'),
    { username: 'eve', limit: 5 },
    [['links.getLinks', { username: 'ann', limit: 5 }]],
  ],
  [
    'add link',
    handler('addLink'),
    { username: 'eve', url: 'https://e.com/', title: 't' },
    [['links.addLink', { username: 'ann', url: 'https://e.com/', title: 't' }]],
  ],
  [
    'update link',
    handler('updateLink'),
    { username: 'eve', url: 'https://e.com/', title: 't' },
    [['links.updateLink', { username: 'ann', url: 'https://e.com/', title: 't' }]],
  ],
  [
    'delete link',
    handler('deleteLink'),
    { username: 'eve', url: 'https://e.com/' },
    [['links.deleteLink', { username: 'ann', url: 'https://e.com/' }]],
  ],
  ['tags', handler('getTags'), { username: 'eve' }, [['links.getTags', { username: 'ann' }]]],
  [
    'rename tag',
    handler('renameTag'),
    { username: 'eve', from: 'a', to: 'b' },
    [['links.renameTag', { username: 'ann', from: 'a', to: 'b' }]],
  ],
  [
    'revoke feed token',
    handler('revokeFeedToken'),
    undefined,
    [['users.revokeFeedToken', { username: 'ann' }]],
  ],
  ['following', handler('getFollowing'), undefined, [['social.getFollowing', 'ann']]],
  ['followers', handler('getFollowers'), undefined, [['social.getFollowers', 'ann']]],
  [
    'follow',
    handler('follow'),
    { followed: 'bob', follower: 'eve' },
    [
      ['users.getPublicUser', 'bob'],
      ['social.follow', { followed: 'bob', follower: 'ann' }],
    ],
  ],
  [
    'unfollow',
    handler('unfollow'),
    { followed: 'bob', follower: 'eve' },
    [['social.unfollow', { followed: 'bob', follower: 'ann' }]],
  ],
  [
    'news',
    handler('getNews'),
    { start: 'tok', username: 'eve' },
    [['news.getNews', { username: 'ann', startToken: 'tok' }]],
  ],
];

describe('gateway endpoints', () => {
  it.each(cases)(
    '%s acts for the signed-in caller only, whatever the request names',
    async (_name, make, request, expected) => {
      const { backends, calls } = recordingBackends();
      await make(backends)(request, { requestId: 'r', caller: 'ann' });
      expect(calls).toEqual(expected);
    },
  );

  it.each(cases.filter(([name]) => name !== 'follow'))(
    '%s refuses a request with no caller before calling any service',
    async (_name, make, request) => {
      const { backends, calls } = recordingBackends();
      // Some endpoints throw before returning a promise; the transport awaits either way.
      await expect((async () => make(backends)(request, { requestId: 'r' }))()).rejects.toBeInstanceOf(
        UnauthenticatedError,
      );
      expect(calls).toEqual([]);
    },
  );

  it('follow refuses a request with no caller, following nobody', async () => {
    const { backends, calls } = recordingBackends();
    await expect(
      handler('follow')(backends)({ followed: 'bob' }, { requestId: 'r', caller: '' }),
    ).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(calls.map(([call]) => call)).not.toContain('social.follow');
  });

  it('openSession registers the user, then logs in with the proof', async () => {
    const calls: Array<[string, unknown]> = [];
    const users = {
      register: async (user: unknown) => void calls.push(['register', user]),
      login: async (request: unknown) => {
        calls.push(['login', request]);
        return { session: 's1' };
      },
    } as unknown as Backends['users'];
    expect(await endpoints.openSession(users, { username: 'ann', email: 'a@e.com' }, 'proof')).toEqual({
      session: 's1',
      username: 'ann',
      email: 'a@e.com',
    });
    expect(calls).toEqual([
      ['register', { username: 'ann', email: 'a@e.com' }],
      ['login', { username: 'ann', authToken: 'proof' }],
    ]);
  });
});

describe('gateway feed token endpoint', () => {
  it("creates the caller's token and answers both feed addresses, the token encoded into the news one", async () => {
    const { backends, calls } = recordingBackends({ 'users.createFeedToken': () => ({ token: 'a+b/c=' }) });
    const created = await handler('createFeedToken')(backends)(
      { username: 'eve' },
      { requestId: 'r', caller: 'ann' },
    );
    expect(created).toEqual({
      token: 'a+b/c=',
      newsFeed: '/feeds/ann/news.atom?token=a%2Bb%2Fc%3D',
      linksFeed: '/feeds/ann/links.atom',
    });
    expect(calls).toEqual([['users.createFeedToken', { username: 'ann' }]]);
  });

  it('refuses a request with no caller before creating any token', async () => {
    const { backends, calls } = recordingBackends({ 'users.createFeedToken': () => ({ token: 't' }) });
    await expect(handler('createFeedToken')(backends)(undefined, { requestId: 'r' })).rejects.toBeInstanceOf(
      UnauthenticatedError,
    );
    expect(calls).toEqual([]);
  });
});

describe('gateway logout endpoint', () => {
  function recordingSessions(owner: string) {
    const calls: Array<[string, unknown]> = [];
    const cache = {
      resolve: async (session: string) => {
        calls.push(['sessions.resolve', session]);
        return { username: owner, email: `${owner}@e.com` };
      },
      evict: async (session: string) => void calls.push(['sessions.evict', session]),
    } as unknown as SessionCache;
    return { cache, calls };
  }
  const logout = (backends: Backends, cache: SessionCache) =>
    endpoints.publicHandlers(backends, cache).logout as unknown as AnyEndpoint;

  it("ends the presented session at its owner's user service first, then evicts it from the cache", async () => {
    const { backends, calls: backendCalls } = recordingBackends();
    const { cache, calls: sessionCalls } = recordingSessions('ann');
    await logout(backends, cache)(undefined, { requestId: 'r', caller: 'session-1' });
    expect(backendCalls).toEqual([['users.logout', { username: 'ann', session: 'session-1' }]]);
    expect(sessionCalls).toEqual([
      ['sessions.resolve', 'session-1'],
      ['sessions.evict', 'session-1'],
    ]);
  });

  it('keeps the session in the cache when the user service could not end it', async () => {
    const { backends } = recordingBackends({
      'users.logout': () => {
        throw new UnavailableError('user service away');
      },
    });
    const { cache, calls } = recordingSessions('ann');
    await expect(
      logout(backends, cache)(undefined, { requestId: 'r', caller: 'session-1' }),
    ).rejects.toBeInstanceOf(UnavailableError);
    expect(calls).toEqual([['sessions.resolve', 'session-1']]);
  });

  it('refuses a request with no session before resolving or ending anything', async () => {
    const { backends, calls: backendCalls } = recordingBackends();
    const { cache, calls: sessionCalls } = recordingSessions('ann');
    await expect(
      (async () => logout(backends, cache)(undefined, { requestId: 'r' }))(),
    ).rejects.toBeInstanceOf(UnauthenticatedError);
    expect([...backendCalls, ...sessionCalls]).toEqual([]);
  });
});

describe('gateway dev login endpoint', () => {
  const user = { username: 'ann', email: 'a@e.com' };
  const devLogin = (backends: Backends) =>
    endpoints.devLoginHandlers(backends).devLogin as unknown as AnyEndpoint;

  it('registers the user and opens a session with the development proof', async () => {
    const { backends, calls } = recordingBackends({ 'users.login': () => ({ session: 's1' }) });
    expect(await devLogin(backends)(user, { requestId: 'r' })).toEqual({ session: 's1', ...user });
    expect(calls).toEqual([
      ['users.register', user],
      ['users.login', { username: 'ann', authToken: 'development-login' }],
    ]);
  });

  it('answers every clash with one message, so a taken email cannot be told from a taken username', async () => {
    const { backends } = recordingBackends({
      'users.register': () => {
        throw new AlreadyExistsError('email a@e.com is taken');
      },
    });
    const refused = devLogin(backends)(user, { requestId: 'r' });
    await expect(refused).rejects.toBeInstanceOf(AlreadyExistsError);
    await expect(refused).rejects.toThrow(
      new AlreadyExistsError('that username and email are not one account; choose another username'),
    );
  });

  it('passes any other failure on unchanged', async () => {
    const failure = new UnavailableError('user service away');
    const { backends } = recordingBackends({
      'users.register': () => {
        throw failure;
      },
    });
    await expect(devLogin(backends)(user, { requestId: 'r' })).rejects.toBe(failure);
  });
});
