/**
 * Directed edges follower → followed. Implementations: PostgresSocialGraphStore and
 * InMemorySocialGraphStore, held to one contract suite.
 */
export interface SocialGraphStore {
  /** Idempotent. */
  follow(follower: string, followed: string): Promise<void>;
  /** False when there was no such edge. */
  unfollow(follower: string, followed: string): Promise<boolean>;
  /** Sorted. */
  following(username: string): Promise<string[]>;
  /** Sorted. */
  followers(username: string): Promise<string[]>;
  ping(): Promise<void>;
}
