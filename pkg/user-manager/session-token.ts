import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: unguessable, and fine in an Authorization header. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this digest is stored: a leaked database does not leak live sessions. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
