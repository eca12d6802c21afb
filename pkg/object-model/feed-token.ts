import { z } from 'zod';
import { textSchema, usernameSchema } from './validation';

/**
 * A feed token lets a feed reader, which sends no session header, read one user's news
 * feed (GET /feeds/<user>/news.atom?token=…). One per user; stored hashed; creating one
 * replaces the old, and revoking it ends it.
 */
export const feedTokenSchema = textSchema().min(1).max(200);

export const feedTokenRequestSchema = z.strictObject({ username: usernameSchema });
export type FeedTokenRequest = z.infer<typeof feedTokenRequestSchema>;

export const feedTokenResultSchema = z.object({ token: z.string() });
export type FeedTokenResult = z.infer<typeof feedTokenResultSchema>;

export const checkFeedTokenRequestSchema = z.strictObject({
  username: usernameSchema,
  token: feedTokenSchema,
});
export type CheckFeedTokenRequest = z.infer<typeof checkFeedTokenRequestSchema>;

export interface FeedTokenManager {
  /** A new token for the user, replacing any other; shown once, stored only as its digest. */
  createFeedToken(request: FeedTokenRequest): Promise<FeedTokenResult>;
  /** Ends the user's token; no error when there is none. */
  revokeFeedToken(request: FeedTokenRequest): Promise<void>;
  /** UNAUTHENTICATED unless `token` is the user's live feed token. */
  checkFeedToken(request: CheckFeedTokenRequest): Promise<void>;
}
