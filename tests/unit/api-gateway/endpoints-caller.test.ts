import type { Context } from '../../../pkg/kit';
import { UnauthenticatedError } from '../../../pkg/object-model';
import * as endpoints from '../../../svc/api-gateway-service/endpoints';
import type { Backends } from '../../../svc/api-gateway-service/endpoints';
import type { SessionCache } from '../../../svc/api-gateway-service/session-cache';

/** Backends whose every method records its argument and answers `undefined`. */
function recordingBackends() {
  const calls: Array<[string, unknown]> = [];
  const record = (service: string) =>
    new Proxy(
      {},
      {
        get: (_target, method: string) => async (arg: unknown) => {
          calls.push([`${service}.${method}`, arg]);
          return undefined;
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
