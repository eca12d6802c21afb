import { InMemoryLinkStore, LinkService } from '../../pkg/link-manager';
import {
  AlreadyExistsError,
  InvalidArgumentError,
  NotFoundError,
  UnauthenticatedError,
  type GetNewsResult,
  type NewsManager,
  type SocialGraphManager,
  type User,
  type UserManager,
} from '../../pkg/object-model';
import type { Backends } from '../../svc/api-gateway-service/endpoints';

/** Small in-process stand-ins for the services behind the gateway. */
export class FakeUsers implements UserManager {
  readonly users = new Map<string, User>();
  readonly sessions = new Map<string, string>();
  private next = 0;
  async register(user: User) {
    const existing = this.users.get(user.username);
    if (existing && existing.email !== user.email) throw new AlreadyExistsError('username taken');
    this.users.set(user.username, user);
    return user;
  }
  async login({ username }: { username: string }) {
    const session = `session${++this.next}xxxxxxxxxxxxxxxxxxxxxxxx`;
    this.sessions.set(session, username);
    return { session };
  }
  async logout({ session }: { username: string; session: string }) {
    if (!this.sessions.delete(session)) throw new UnauthenticatedError();
  }
  async resolveSession(session: string) {
    const username = this.sessions.get(session);
    if (!username) throw new UnauthenticatedError('unknown or expired session');
    return this.users.get(username)!;
  }
  readonly feedTokens = new Map<string, string>();
  async createFeedToken({ username }: { username: string }) {
    const token = `feed${++this.next}xxxxxxxxxxxxxxxxxxxxxxxx`;
    this.feedTokens.set(username, token);
    return { token };
  }
  async revokeFeedToken({ username }: { username: string }) {
    this.feedTokens.delete(username);
  }
  async checkFeedToken({ username, token }: { username: string; token: string }) {
    if (this.feedTokens.get(username) !== token)
      throw new UnauthenticatedError('unknown or revoked feed token');
  }
  async getUser(username: string) {
    const user = this.users.get(username);
    if (!user) throw new NotFoundError(`user ${username} not found`);
    return user;
  }
  async getPublicUser(username: string) {
    return { username: (await this.getUser(username)).username };
  }
}

export class FakeSocial implements SocialGraphManager {
  readonly edges = new Set<string>();
  async follow({ followed, follower }: { followed: string; follower: string }) {
    if (followed === follower) throw new InvalidArgumentError('you cannot follow yourself');
    this.edges.add(`${follower}>${followed}`);
  }
  async unfollow({ followed, follower }: { followed: string; follower: string }) {
    if (!this.edges.delete(`${follower}>${followed}`)) throw new NotFoundError('not following');
  }
  async getFollowing(username: string) {
    return [...this.edges].filter((e) => e.startsWith(`${username}>`)).map((e) => e.split('>')[1]);
  }
  async getFollowers(username: string) {
    return [...this.edges].filter((e) => e.endsWith(`>${username}`)).map((e) => e.split('>')[0]);
  }
}

export class FakeNews implements NewsManager {
  feeds = new Map<string, GetNewsResult>();
  async getNews({ username }: { username: string }) {
    return this.feeds.get(username) ?? { events: [], nextToken: '' };
  }
}

export function fakeBackends(): Backends & { users: FakeUsers; social: FakeSocial; news: FakeNews } {
  return {
    links: new LinkService(new InMemoryLinkStore(), { maxLinksPerUser: 100, regexBudgetMs: 1000 }),
    users: new FakeUsers(),
    social: new FakeSocial(),
    news: new FakeNews(),
  };
}
