import { linkHandlersOf } from '../../pkg/contracts/link-service';
import type { Context, OperationHandlers } from '../../pkg/kit';
import {
  AlreadyExistsError,
  UnauthenticatedError,
  type LinkManager,
  type NewsManager,
  type SocialGraphManager,
  type User,
  type UserManager,
} from '../../pkg/object-model';
import { feedPaths } from './feed-routes';
import type { devLoginOperations, publicOperations } from './schemas';
import type { SessionCache, SessionSource } from './session-cache';

/** The services behind the gateway, as interfaces: remote clients in production, fakes in tests. */
export interface Backends {
  links: LinkManager;
  /** The user service's client also gives its proof of a session's user (see SessionCache). */
  users: UserManager &
    Pick<SessionSource, 'resolveSessionWithProof'> & {
      checkFeedTokenWithProof?(request: { username: string; token: string }): Promise<{ proof: string }>;
    };
  social: SocialGraphManager;
  news: NewsManager;
}

/** The authenticated user; every /v1 route runs behind `authenticate`, so it is always set. */
function callerOf(ctx: { caller?: string }): string {
  if (!ctx.caller) throw new UnauthenticatedError();
  return ctx.caller;
}

type AnyHandler = (request: never, ctx: Context) => Promise<unknown>;
type AsCaller<H extends Record<string, AnyHandler>> = {
  [K in keyof H]: (request: Omit<Parameters<H[K]>[0], 'username'>, ctx: Context) => ReturnType<H[K]>;
};

/** Handlers that act for a user, taking the user from the session instead of the request. */
function asCaller<H extends Record<string, AnyHandler>>(handlers: H): AsCaller<H> {
  const entries = Object.entries(handlers).map(([name, handler]) => [
    name,
    (request: object, ctx: Context) => handler({ ...request, username: callerOf(ctx) } as never, ctx),
  ]);
  // Each entry is built as its mapped type says; Object.fromEntries only loses the keys.
  return Object.fromEntries(entries) as AsCaller<H>;
}

/**
 * What the gateway does for each public operation. A caller only ever reads and changes
 * their own links and follows: the username always comes from the session.
 */
export function publicHandlers(
  { links, users, social, news }: Backends,
  sessions: SessionCache,
): OperationHandlers<typeof publicOperations> {
  return {
    getMe: (_request, ctx) => users.getUser(callerOf(ctx)),
    ...asCaller(linkHandlersOf(links)),
    getFollowing: async (_request, ctx) => ({ following: await social.getFollowing(callerOf(ctx)) }),
    follow: async ({ followed }, ctx) => {
      // Following someone who never registered is a 404, not a dangling edge.
      await users.getPublicUser(followed);
      await social.follow({ followed, follower: callerOf(ctx) });
    },
    unfollow: ({ followed }, ctx) => social.unfollow({ followed, follower: callerOf(ctx) }),
    getFollowers: async (_request, ctx) => ({ followers: await social.getFollowers(callerOf(ctx)) }),
    getNews: ({ start }, ctx) => news.getNews({ username: callerOf(ctx), startToken: start }),
    createFeedToken: async (_request, ctx) => {
      const username = callerOf(ctx);
      const { token } = await users.createFeedToken({ username });
      const paths = feedPaths(username);
      return { token, newsFeed: `${paths.news}?token=${encodeURIComponent(token)}`, linksFeed: paths.links };
    },
    revokeFeedToken: (_request, ctx) => users.revokeFeedToken({ username: callerOf(ctx) }),
    // Logout's caller is the presented session itself (see http-routes.ts): it is what ends.
    logout: async (_request, ctx) => {
      const session = callerOf(ctx);
      const user = await sessions.resolve(session);
      // The session ends at its owner first; then every replica's cache forgets it.
      await users.logout({ username: user.username, session });
      await sessions.evict(session);
    },
  };
}

/**
 * POST /v1/dev/login. The user service says which of username or email clashed; passed on,
 * that would tell anyone whether an address is registered. Every clash gets one answer
 * instead, after the same calls, so a taken email cannot be told from a taken username.
 */
export function devLoginHandlers({ users }: Backends): OperationHandlers<typeof devLoginOperations> {
  return {
    devLogin: async (user) => {
      try {
        return await openSession(users, user, 'development-login');
      } catch (error) {
        if (error instanceof AlreadyExistsError)
          throw new AlreadyExistsError(
            'that username and email are not one account; choose another username',
          );
        throw error;
      }
    },
  };
}

/** Registers (idempotent) and opens a session: shared by the OAuth2 callback and the dev login. */
export async function openSession(users: UserManager, user: User, proof: string) {
  await users.register(user);
  const { session } = await users.login({ username: user.username, authToken: proof });
  return { session, username: user.username, email: user.email };
}
