import type { Endpoint } from '../../pkg/kit';
import {
  UnauthenticatedError,
  type AddLinkRequest,
  type GetLinksRequest,
  type GetLinksResult,
  type GetNewsResult,
  type Link,
  type LinkManager,
  type NewsManager,
  type SocialGraphManager,
  type UpdateLinkRequest,
  type User,
  type UserManager,
} from '../../pkg/object-model';

/** The services behind the gateway, as interfaces: remote clients in production, fakes in tests. */
export interface Backends {
  links: LinkManager;
  users: UserManager;
  social: SocialGraphManager;
  news: NewsManager;
}

type Own<T> = Omit<T, 'username'>;

/** The authenticated user; every /v1 route runs behind `authenticate`, so it is always set. */
function callerOf(ctx: { caller?: string }): string {
  if (!ctx.caller) throw new UnauthenticatedError();
  return ctx.caller;
}

export const makeMeEndpoint =
  ({ users }: Backends): Endpoint<void, User> =>
  (_request, ctx) =>
    users.getUser(callerOf(ctx));

// A caller only ever reads and changes their own links: the username always comes from the session.
export const makeGetLinksEndpoint =
  ({ links }: Backends): Endpoint<Own<GetLinksRequest>, GetLinksResult> =>
  (request, ctx) =>
    links.getLinks({ ...request, username: callerOf(ctx) });

export const makeAddLinkEndpoint =
  ({ links }: Backends): Endpoint<Own<AddLinkRequest>, Link> =>
  (request, ctx) =>
    links.addLink({ ...request, username: callerOf(ctx) });

export const makeUpdateLinkEndpoint =
  ({ links }: Backends): Endpoint<Own<UpdateLinkRequest>, Link> =>
  (request, ctx) =>
    links.updateLink({ ...request, username: callerOf(ctx) });

export const makeDeleteLinkEndpoint =
  ({ links }: Backends): Endpoint<{ url: string }, void> =>
  (request, ctx) =>
    links.deleteLink({ url: request.url, username: callerOf(ctx) });

export const makeGetFollowingEndpoint =
  ({ social }: Backends): Endpoint<void, string[]> =>
  (_request, ctx) =>
    social.getFollowing(callerOf(ctx));

export const makeGetFollowersEndpoint =
  ({ social }: Backends): Endpoint<void, string[]> =>
  (_request, ctx) =>
    social.getFollowers(callerOf(ctx));

export const makeFollowEndpoint =
  ({ users, social }: Backends): Endpoint<{ followed: string }, void> =>
  async ({ followed }, ctx) => {
    // Following someone who never registered is a 404, not a dangling edge.
    await users.getUser(followed);
    await social.follow({ followed, follower: callerOf(ctx) });
  };

export const makeUnfollowEndpoint =
  ({ social }: Backends): Endpoint<{ followed: string }, void> =>
  ({ followed }, ctx) =>
    social.unfollow({ followed, follower: callerOf(ctx) });

export const makeGetNewsEndpoint =
  ({ news }: Backends): Endpoint<{ start?: string }, GetNewsResult> =>
  ({ start }, ctx) =>
    news.getNews({ username: callerOf(ctx), startToken: start });

/** Registers (idempotent) and opens a session: shared by the OAuth2 callback and the dev login. */
export async function openSession(users: UserManager, user: User, proof: string) {
  await users.register(user);
  const { session } = await users.login({ username: user.username, authToken: proof });
  return { session, username: user.username, email: user.email };
}
