import { timingSafeEqual } from 'node:crypto';
import {
  AlreadyExistsError,
  InvalidArgumentError,
  NotFoundError,
  UnauthenticatedError,
  assertUsername,
  type CheckFeedTokenRequest,
  type FeedTokenRequest,
  type FeedTokenResult,
  type LoginRequest,
  type LoginResult,
  type LogoutRequest,
  type PublicUser,
  type RegisterRequest,
  type User,
  type UserManager,
} from '../object-model';
import { hashSessionToken, newSessionToken } from './session-token';
import type { UserStore } from './user-store';

export interface UserServiceOptions {
  sessionTtlSeconds: number;
  now?: () => Date;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_TOKEN_LENGTH = 200;

function checkEmail(value: unknown): string {
  const email = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (email.length > 254 || !EMAIL.test(email))
    throw new InvalidArgumentError('email must be an email address');
  return email;
}

/** The user manager: registration and sessions over a UserStore. */
export class UserService implements UserManager {
  private readonly now: () => Date;

  constructor(
    private readonly store: UserStore,
    private readonly options: UserServiceOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async register(request: RegisterRequest): Promise<User> {
    const user = { username: assertUsername(request.username), email: checkEmail(request.email) };
    const outcome = await this.store.register(user);
    if ('conflict' in outcome) {
      throw new AlreadyExistsError(
        outcome.conflict === 'username'
          ? `username ${user.username} is taken`
          : 'that email belongs to another user',
      );
    }
    return outcome.user;
  }

  /**
   * Opens a session. The caller (the gateway) has already verified the person with the
   * identity provider; `authToken` records that proof and must be present.
   */
  async login(request: LoginRequest): Promise<LoginResult> {
    const username = assertUsername(request.username);
    if (typeof request.authToken !== 'string' || request.authToken === '') {
      throw new InvalidArgumentError('authToken is required');
    }
    // An unknown user gets the same answer as a bad login: no way to probe who exists.
    if (!(await this.store.getUser(username))) throw new UnauthenticatedError('login failed');
    const now = this.now();
    await this.store.deleteExpiredSessions(username, now);
    const session = newSessionToken();
    await this.store.createSession(
      username,
      hashSessionToken(session),
      new Date(now.getTime() + this.options.sessionTtlSeconds * 1000),
    );
    return { session };
  }

  async logout(request: LogoutRequest): Promise<void> {
    const username = assertUsername(request.username);
    const session = this.checkToken(request.session);
    if (!(await this.store.deleteSession(username, hashSessionToken(session)))) {
      throw new UnauthenticatedError('unknown or expired session');
    }
  }

  async resolveSession(session: string): Promise<User> {
    const user = await this.store.findSession(hashSessionToken(this.checkToken(session)), this.now());
    if (!user) throw new UnauthenticatedError('unknown or expired session');
    return user;
  }

  async getUser(username: string): Promise<User> {
    const user = await this.store.getUser(assertUsername(username));
    if (!user) throw new NotFoundError(`user ${username} not found`);
    return user;
  }

  async getPublicUser(username: string): Promise<PublicUser> {
    return { username: (await this.getUser(username)).username };
  }

  async createFeedToken(request: FeedTokenRequest): Promise<FeedTokenResult> {
    const username = (await this.getUser(request.username)).username;
    const token = newSessionToken();
    await this.store.setFeedToken(username, hashSessionToken(token));
    return { token };
  }

  async revokeFeedToken(request: FeedTokenRequest): Promise<void> {
    await this.store.deleteFeedToken(assertUsername(request.username));
  }

  async checkFeedToken(request: CheckFeedTokenRequest): Promise<void> {
    const stored = await this.store.feedTokenHash(assertUsername(request.username));
    const presented = Buffer.from(hashSessionToken(String(request.token)));
    // Two SHA-256 digests: compared in constant time, so timing tells nothing of the stored one.
    if (!stored || !timingSafeEqual(Buffer.from(stored), presented)) {
      throw new UnauthenticatedError('unknown or revoked feed token');
    }
  }

  private checkToken(session: unknown): string {
    if (typeof session !== 'string' || session === '' || session.length > MAX_TOKEN_LENGTH) {
      throw new UnauthenticatedError('unknown or expired session');
    }
    return session;
  }
}
