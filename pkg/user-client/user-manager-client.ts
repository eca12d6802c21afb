import { callerCredentials } from '../auth';
import { userServiceOperations } from '../contracts/user-service';
import { HttpTransportClient, type CoversOperations, type HttpClientOptions } from '../kit';
import type {
  CheckFeedTokenRequest,
  FeedTokenRequest,
  FeedTokenResult,
  LoginRequest,
  LoginResult,
  LogoutRequest,
  PublicUser,
  RegisterRequest,
  ResolvedSession,
  User,
  UserManager,
} from '../object-model';

const operations = userServiceOperations;

/** UserManager over HTTP: a caller cannot tell it from the local service. */
export class UserManagerClient implements UserManager, CoversOperations<typeof operations> {
  private readonly http: HttpTransportClient;

  /** `callerToken`: this caller's token (README: Trust inside the cluster). */
  constructor({
    callerToken,
    ...options
  }: Omit<HttpClientOptions, 'target'> & { target?: string; callerToken?: string }) {
    this.http = new HttpTransportClient({
      target: 'user-service',
      ...options,
      ...callerCredentials(callerToken, options.headers),
    });
  }

  async register(request: RegisterRequest): Promise<User> {
    return (await this.http.callOperation(operations.register, request)).user;
  }

  login(request: LoginRequest): Promise<LoginResult> {
    return this.http.callOperation(operations.login, request);
  }

  logout(request: LogoutRequest): Promise<void> {
    return this.http.callOperation(operations.logout, request);
  }

  async resolveSession(session: string): Promise<User> {
    return (await this.resolveSessionWithProof(session)).user;
  }

  /** The session's user and the user service's proof of that user, which the gateway forwards. */
  resolveSessionWithProof(session: string): Promise<ResolvedSession> {
    return this.http.callOperation(operations.resolveSession, { session });
  }

  async getUser(username: string): Promise<User> {
    return (await this.http.callOperation(operations.getUser, { username })).user;
  }

  async getPublicUser(username: string): Promise<PublicUser> {
    return (await this.http.callOperation(operations.getPublicUser, { username })).user;
  }

  createFeedToken(request: FeedTokenRequest): Promise<FeedTokenResult> {
    return this.http.callOperation(operations.createFeedToken, request);
  }

  revokeFeedToken(request: FeedTokenRequest): Promise<void> {
    return this.http.callOperation(operations.revokeFeedToken, request);
  }

  async checkFeedToken(request: CheckFeedTokenRequest): Promise<void> {
    await this.checkFeedTokenWithProof(request);
  }

  /** Checks the feed token and returns the user service's proof of its user, which the gateway forwards. */
  checkFeedTokenWithProof(request: CheckFeedTokenRequest): Promise<{ proof: string }> {
    return this.http.callOperation(operations.checkFeedToken, request);
  }
}
