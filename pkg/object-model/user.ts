export interface User {
  username: string;
  email: string;
}

export interface RegisterRequest {
  username: string;
  email: string;
}

export interface LoginRequest {
  username: string;
  /** Proof from the identity provider that the caller is this user (checked by the gateway). */
  authToken: string;
}

export interface LoginResult {
  session: string;
}

export interface LogoutRequest {
  username: string;
  session: string;
}

export interface UserManager {
  /** Idempotent for the same username and email; ALREADY_EXISTS when either belongs to someone else. */
  register(request: RegisterRequest): Promise<User>;
  login(request: LoginRequest): Promise<LoginResult>;
  /** Ends this one session; the user's other sessions stay live. */
  logout(request: LogoutRequest): Promise<void>;
  /** A live session's user; UNAUTHENTICATED for an unknown or expired one. */
  resolveSession(session: string): Promise<User>;
  /** NOT_FOUND for an unknown username. */
  getUser(username: string): Promise<User>;
}
