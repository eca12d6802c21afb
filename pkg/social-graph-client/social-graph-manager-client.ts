import { callerCredentials } from '../auth';
import { socialGraphServiceOperations } from '../contracts/social-graph-service';
import { HttpTransportClient, type CoversOperations, type HttpClientOptions } from '../kit';
import type { FollowRequest, SocialGraphManager } from '../object-model';

const operations = socialGraphServiceOperations;

export type SocialGraphClientOptions = Omit<HttpClientOptions, 'target'> & {
  target?: string;
  /** This caller's token (README: Trust inside the cluster). */
  callerToken?: string;
};

/** SocialGraphManager over HTTP: a caller cannot tell it from the local service. */
export class SocialGraphManagerClient implements SocialGraphManager, CoversOperations<typeof operations> {
  private readonly http: HttpTransportClient;

  constructor({ callerToken, ...options }: SocialGraphClientOptions) {
    this.http = new HttpTransportClient({
      target: 'social-graph-service',
      ...options,
      ...callerCredentials(callerToken, options.headers),
    });
  }

  follow(request: FollowRequest): Promise<void> {
    return this.http.callOperation(operations.follow, request);
  }

  unfollow(request: FollowRequest): Promise<void> {
    return this.http.callOperation(operations.unfollow, request);
  }

  async getFollowing(username: string): Promise<string[]> {
    return (await this.http.callOperation(operations.getFollowing, { username })).following;
  }

  async getFollowers(username: string): Promise<string[]> {
    return (await this.http.callOperation(operations.getFollowers, { username })).followers;
  }
}
