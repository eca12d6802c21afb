import { CALLER_TOKEN_HEADER } from '../auth';
import { socialGraphServiceOperations } from '../contracts/social-graph-service';
import { HttpTransportClient, type CoversOperations, type HttpClientOptions } from '../kit';
import type { FollowRequest, SocialGraphManager } from '../object-model';

const operations = socialGraphServiceOperations;

export type SocialGraphClientOptions = Omit<HttpClientOptions, 'target'> & {
  target?: string;
  /** This caller's token, for the trusted-only routes (followers). */
  callerToken?: string;
};

/** SocialGraphManager over HTTP: a caller cannot tell it from the local service. */
export class SocialGraphManagerClient implements SocialGraphManager, CoversOperations<typeof operations> {
  private readonly http: HttpTransportClient;

  constructor({ callerToken, ...options }: SocialGraphClientOptions) {
    const headers = callerToken
      ? { ...options.headers, [CALLER_TOKEN_HEADER]: callerToken }
      : options.headers;
    this.http = new HttpTransportClient({ target: 'social-graph-service', ...options, headers });
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
