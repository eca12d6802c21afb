import type { SocialGraphStore } from './social-graph-store';

/** The social graph in process memory, for unit tests. */
export class InMemorySocialGraphStore implements SocialGraphStore {
  private readonly edges = new Map<string, Set<string>>();

  async follow(follower: string, followed: string): Promise<void> {
    const set = this.edges.get(follower) ?? new Set<string>();
    set.add(followed);
    this.edges.set(follower, set);
  }

  async unfollow(follower: string, followed: string): Promise<boolean> {
    return this.edges.get(follower)?.delete(followed) ?? false;
  }

  async following(username: string): Promise<string[]> {
    return [...(this.edges.get(username) ?? [])].sort();
  }

  async followers(username: string): Promise<string[]> {
    return [...this.edges]
      .filter(([, followed]) => followed.has(username))
      .map(([follower]) => follower)
      .sort();
  }

  async ping(): Promise<void> {}
}
