import { userServiceOperations } from '../contracts/user-service';
import { HttpTransportClient, type CoversOperations, type HttpClientOptions } from '../kit';
import type {
  CheckFeedTokenRequest,
  FeedTokenRequest,
  FeedTokenResult,
  LoginRequest,
  LoginResult,
  LogoutRequest,
  RegisterRequest,
  User,
  UserManager,
} from '../object-model';

const operations = userServiceOperations;

/** UserManager over HTTP: a caller cannot tell it from the local service. */
export class UserManagerClient implements UserManager, CoversOperations<typeof operations> {
  private readonly http: HttpTransportClient;

  constructor(options: Omit<HttpClientOptions, 'target'> & { target?: string }) {
    this.http = new HttpTransportClient({ target: 'user-service', ...options });
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
    return (await this.http.callOperation(operations.resolveSession, { session })).user;
  }

  async getUser(username: string): Promise<User> {
    return (await this.http.callOperation(operations.getUser, { username })).user;
  }

  createFeedToken(request: FeedTokenRequest): Promise<FeedTokenResult> {
    return this.http.callOperation(operations.createFeedToken, request);
  }

  revokeFeedToken(request: FeedTokenRequest): Promise<void> {
    return this.http.callOperation(operations.revokeFeedToken, request);
  }

  checkFeedToken(request: CheckFeedTokenRequest): Promise<void> {
    return this.http.callOperation(operations.checkFeedToken, request);
  }
}
