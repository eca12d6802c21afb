import { z } from 'zod';
import { InvalidArgumentError } from './errors';

/** SPEC: `^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`. */
export const USERNAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';
const USERNAME = new RegExp(USERNAME_PATTERN);

export function assertUsername(value: unknown, field = 'username'): string {
  if (typeof value !== 'string' || !USERNAME.test(value)) {
    throw new InvalidArgumentError(`${field} must match ${USERNAME_PATTERN}`);
  }
  return value;
}

export const usernameSchema = z
  .string()
  .regex(USERNAME, `must match ${USERNAME_PATTERN}`)
  .meta({ description: 'A username.', examples: ['gigi'] });
