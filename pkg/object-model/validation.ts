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

// In `u` mode a well-formed surrogate pair is one code point; only a lone half matches \p{Cs}.
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSTORABLE = /[\u0000\p{Cs}]/u;

/**
 * Text that Postgres can store: no NUL character (a `text` column cannot hold one) and no
 * lone UTF-16 surrogate (it has no UTF-8 form). JSON and percent-encoding carry both, so a
 * request holding one is refused at the edge, with the field named, before any store sees it.
 */
export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

export const STORABLE_TEXT_MESSAGE = 'must not contain NUL characters or lone surrogates';

/** A string of text a request carries: every string field of a request is one of these. */
export function textSchema(): z.ZodString {
  return z.string().refine(isStorableText, STORABLE_TEXT_MESSAGE);
}
