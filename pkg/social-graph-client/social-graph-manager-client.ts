import { CALLER_TOKEN_HEADER } from '../auth';
import { HttpTransportClient, type HttpClientOptions } from '../kit';
import type { FollowRequest, SocialGraphManager } from '../object-model';

export type SocialGraphClientOptions = Omit<HttpClientOptions, 'target'> & {
  target?: string;
  /** This caller's token, for the trusted-only routes (followers). */
  callerToken?: string;
};

/** SocialGraphManager over HTTP: a caller cannot tell it from the local service. */
export class SocialGraphManagerClient implements SocialGraphManager {
  private readonly http: HttpTransportClient;

  constructor({ callerToken, ...options }: SocialGraphClientOptions) {
    const headers = callerToken
      ? { ...options.headers, [CALLER_TOKEN_HEADER]: callerToken }
      : options.headers;
    this.http = new HttpTransportClient({ target: 'social-graph-service', ...options, headers });
  }

  async follow(request: FollowRequest): Promise<void> {
    // Following twice is not an error, so a retry is safe.
    await this.http.call({ method: 'POST', path: '/follow', body: request, idempotent: true });
  }

  async unfollow(request: FollowRequest): Promise<void> {
    await this.http.call({ method: 'POST', path: '/unfollow', body: request, idempotent: false });
  }

  async getFollowing(username: string): Promise<string[]> {
    const { following } = await this.http.call<{ following: string[] }>({
      method: 'GET',
      path: `/following/${encodeURIComponent(username)}`,
      idempotent: true,
    });
    return following;
  }

  async getFollowers(username: string): Promise<string[]> {
    const { followers } = await this.http.call<{ followers: string[] }>({
      method: 'GET',
      path: `/followers/${encodeURIComponent(username)}`,
      idempotent: true,
    });
    return followers;
  }
}
