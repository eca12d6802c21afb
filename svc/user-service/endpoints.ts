import type { Endpoint } from '../../pkg/kit';
import type {
  LoginRequest,
  LoginResult,
  LogoutRequest,
  RegisterRequest,
  User,
  UserManager,
} from '../../pkg/object-model';

export const makeRegisterEndpoint =
  (svc: UserManager): Endpoint<RegisterRequest, User> =>
  (request) =>
    svc.register(request);

export const makeLoginEndpoint =
  (svc: UserManager): Endpoint<LoginRequest, LoginResult> =>
  (request) =>
    svc.login(request);

export const makeLogoutEndpoint =
  (svc: UserManager): Endpoint<LogoutRequest, void> =>
  (request) =>
    svc.logout(request);

export const makeResolveSessionEndpoint =
  (svc: UserManager): Endpoint<{ session: string }, User> =>
  ({ session }) =>
    svc.resolveSession(session);

export const makeGetUserEndpoint =
  (svc: UserManager): Endpoint<{ username: string }, User> =>
  ({ username }) =>
    svc.getUser(username);
