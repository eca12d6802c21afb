import { z } from 'zod';
import { usernameSchema } from './validation';

export const followRequestSchema = z.strictObject({ followed: usernameSchema, follower: usernameSchema });
export type FollowRequest = z.infer<typeof followRequestSchema>;

export interface SocialGraphManager {
  /** Idempotent; following yourself is INVALID_ARGUMENT. */
  follow(request: FollowRequest): Promise<void>;
  /** NOT_FOUND when the follower does not follow `followed`. */
  unfollow(request: FollowRequest): Promise<void>;
  getFollowing(username: string): Promise<string[]>;
  /** Trusted callers only (caller token). */
  getFollowers(username: string): Promise<string[]>;
}
