import type { Endpoint } from '../../pkg/kit';
import { AlreadyExistsError, type User, type UserManager } from '../../pkg/object-model';
import { openSession } from './endpoints';

/**
 * POST /v1/dev/login. The user service says which of username or email clashed; passed on,
 * that would tell anyone whether an address is registered. Every clash gets one answer
 * instead, after the same calls, so a taken email cannot be told from a taken username.
 */
export const makeDevLoginEndpoint =
  (users: UserManager): Endpoint<User, Awaited<ReturnType<typeof openSession>>> =>
  async (user) => {
    try {
      return await openSession(users, user, 'development-login');
    } catch (error) {
      if (error instanceof AlreadyExistsError)
        throw new AlreadyExistsError('that username and email are not one account; choose another username');
      throw error;
    }
  };
