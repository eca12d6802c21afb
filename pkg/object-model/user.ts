import { z } from 'zod';
import type { FeedTokenManager } from './feed-token';
import { textSchema, usernameSchema } from './validation';

export const EMAIL_MAX_LENGTH = 254;

export const userSchema = z.object({ username: z.string(), email: z.string() }).meta({
  id: 'User',
  description: 'A registered user.',
  examples: [{ username: 'gigi', email: 'gigi@example.com' }],
});
export type User = z.infer<typeof userSchema>;

/** What anyone may learn of a user: that the name is registered. The email stays private. */
export const publicUserSchema = z.object({ username: z.string() });
export type PublicUser = z.infer<typeof publicUserSchema>;

const tokenSchema = textSchema().min(1).max(4096);

export const registerRequestSchema = z.strictObject({
  username: usernameSchema,
  email: textSchema().max(EMAIL_MAX_LENGTH),
});
export type RegisterRequest = z.infer<typeof registerRequestSchema>;

export const loginRequestSchema = z.strictObject({
  username: usernameSchema,
  /** Proof from the identity provider that the caller is this user (checked by the gateway). */
  authToken: tokenSchema,
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const loginResultSchema = z.object({ session: z.string() });
export type LoginResult = z.infer<typeof loginResultSchema>;

export const logoutRequestSchema = z.strictObject({ username: usernameSchema, session: tokenSchema });
export type LogoutRequest = z.infer<typeof logoutRequestSchema>;

export const sessionRequestSchema = z.strictObject({ session: tokenSchema });

/** A live session's user, and the user service's short-lived signed proof of that user (when it gives one). */
export interface ResolvedSession {
  user: User;
  proof?: string;
}

export interface UserManager extends FeedTokenManager {
  /** Idempotent for the same username and email; ALREADY_EXISTS when either belongs to someone else. */
  register(request: RegisterRequest): Promise<User>;
  login(request: LoginRequest): Promise<LoginResult>;
  /** Ends this one session; the user's other sessions stay live. */
  logout(request: LogoutRequest): Promise<void>;
  /** A live session's user; UNAUTHENTICATED for an unknown or expired one. */
  resolveSession(session: string): Promise<User>;
  /** The user's own account, email included; NOT_FOUND for an unknown username. */
  getUser(username: string): Promise<User>;
  /** Whether a user exists, as anyone may know it; NOT_FOUND for an unknown username. */
  getPublicUser(username: string): Promise<PublicUser>;
}
