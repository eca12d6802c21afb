import { HttpTransportClient, type HttpClientOptions } from '../kit';
import type {
  LoginRequest,
  LoginResult,
  LogoutRequest,
  RegisterRequest,
  User,
  UserManager,
} from '../object-model';

/** UserManager over HTTP: a caller cannot tell it from the local service. */
export class UserManagerClient implements UserManager {
  private readonly http: HttpTransportClient;

  constructor(options: Omit<HttpClientOptions, 'target'> & { target?: string }) {
    this.http = new HttpTransportClient({ target: 'user-service', ...options });
  }

  async register(request: RegisterRequest): Promise<User> {
    // Registering the same user again is not an error, so a retry is safe.
    const { user } = await this.http.call<{ user: User }>({
      method: 'POST',
      path: '/register',
      body: request,
      idempotent: true,
    });
    return user;
  }

  login(request: LoginRequest): Promise<LoginResult> {
    return this.http.call<LoginResult>({ method: 'POST', path: '/login', body: request, idempotent: false });
  }

  async logout(request: LogoutRequest): Promise<void> {
    await this.http.call({ method: 'POST', path: '/logout', body: request, idempotent: false });
  }

  async resolveSession(session: string): Promise<User> {
    const { user } = await this.http.call<{ user: User }>({
      method: 'POST',
      path: '/resolve-session',
      body: { session },
      idempotent: true,
    });
    return user;
  }

  async getUser(username: string): Promise<User> {
    const { user } = await this.http.call<{ user: User }>({
      method: 'GET',
      path: `/users/${encodeURIComponent(username)}`,
      idempotent: true,
    });
    return user;
  }
}
