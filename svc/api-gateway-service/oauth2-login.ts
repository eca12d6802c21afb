import * as oauth from 'openid-client';
import { ConfigError } from '../../pkg/kit';
import { UnauthenticatedError, UnavailableError } from '../../pkg/object-model';
import type { PendingLogin } from './login-cookie';

export interface OAuth2Settings {
  authorizeUrl: string;
  tokenUrl: string;
  userinfoUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUrl: string;
  scope: string;
}

export interface ProviderUser {
  login: string;
  email: string;
}

const PROVIDER_TIMEOUT_SECONDS = 10;

/**
 * Social login with the OAuth2 authorization-code flow, `state` against forged callbacks
 * and PKCE (S256) against stolen codes, done by openid-client. Its Configuration takes the
 * provider's endpoints as settings, so GitHub (the default, plain OAuth2 without OIDC
 * discovery) or any OAuth2 server works. This class keeps nothing between the two halves:
 * the caller carries the pending login (see login-cookie.ts).
 */
export class OAuth2Login {
  private readonly client: oauth.Configuration;

  constructor(private readonly settings: OAuth2Settings) {
    this.client = new oauth.Configuration(
      {
        issuer: new URL(settings.authorizeUrl).origin,
        authorization_endpoint: settings.authorizeUrl,
        token_endpoint: settings.tokenUrl,
      },
      settings.clientId,
      settings.clientSecret,
    );
    this.client.timeout = PROVIDER_TIMEOUT_SECONDS;
    // Plain http only for a provider on this machine (tests, local runs); any other must be https.
    const endpoints = [settings.authorizeUrl, settings.tokenUrl, settings.userinfoUrl].map(
      (url) => new URL(url),
    );
    if (endpoints.some((url) => url.protocol === 'http:')) {
      if (!endpoints.every(isLoopback))
        throw new ConfigError(
          'invalid configuration: OAUTH_AUTHORIZE_URL, OAUTH_TOKEN_URL and OAUTH_USERINFO_URL must be https unless on this machine',
        );
      oauth.allowInsecureRequests(this.client);
    }
  }

  /** The provider sends the browser back over https: the login cookie may then be `Secure`. */
  get callbackIsHttps(): boolean {
    return new URL(this.settings.redirectUrl).protocol === 'https:';
  }

  /**
   * The provider sends the browser to the gateway's own /login/callback, as a top-level page
   * that can follow a redirect to a loopback address. (A web app page as the callback reaches
   * /login/callback with fetch, which its Content-Security-Policy keeps from following it.)
   */
  get callbackIsGateways(): boolean {
    return new URL(this.settings.redirectUrl).pathname === '/login/callback';
  }

  /** Where to send the browser, and what its callback will need back. */
  async begin(): Promise<{ url: string; pending: PendingLogin }> {
    const pending = { state: oauth.randomState(), verifier: oauth.randomPKCECodeVerifier() };
    const url = oauth.buildAuthorizationUrl(this.client, {
      redirect_uri: this.settings.redirectUrl,
      scope: this.settings.scope,
      state: pending.state,
      code_challenge: await oauth.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
    });
    return { url: url.toString(), pending };
  }

  /** The refusal of a callback whose state is not the pending login's. */
  refuseOtherLogin(): never {
    throw new UnauthenticatedError('this callback belongs to another login; start again at /login');
  }

  /** Exchanges the callback's code for the provider's user; `query` is the callback's query string. */
  async complete(query: URLSearchParams, pending: PendingLogin): Promise<ProviderUser> {
    // Checked here too (the library checks it again) so a mismatch is a plain refusal, not a fault.
    if (query.get('state') !== pending.state) this.refuseOtherLogin();
    // The callback as the provider saw it: behind a proxy the request's own URL is not that one.
    const callback = new URL(this.settings.redirectUrl);
    callback.search = query.toString();
    const token = await this.provider(() =>
      oauth.authorizationCodeGrant(this.client, callback, {
        expectedState: pending.state,
        pkceCodeVerifier: pending.verifier,
      }),
    );
    const response = await this.provider(() =>
      oauth.fetchProtectedResource(
        this.client,
        token.access_token,
        new URL(this.settings.userinfoUrl),
        'GET',
        undefined,
        new Headers({ accept: 'application/json' }),
      ),
    );
    if (response.status >= 500)
      throw new UnavailableError(`the identity provider answered ${response.status}`);
    if (!response.ok)
      throw new UnauthenticatedError(`the identity provider refused the login (${response.status})`);
    const user = (await response.json()) as {
      login?: string;
      preferred_username?: string;
      sub?: string;
      email?: string | null;
    };
    const name = user.login ?? user.preferred_username ?? user.sub;
    if (!name) throw new UnavailableError('the identity provider returned no user name');
    // GitHub hides private addresses; its no-reply address still identifies the account.
    return { login: name, email: user.email || `${name}@users.noreply.github.com` };
  }

  /** One call to the provider: its refusals are a failed login (401), its outages a 503. */
  private async provider<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw providerError(error);
    }
  }
}

function providerError(error: unknown): Error {
  if (error instanceof oauth.ResponseBodyError) {
    return error.status >= 500
      ? new UnavailableError(`the identity provider answered ${error.status}`)
      : new UnauthenticatedError(`the identity provider refused the login (${error.error})`);
  }
  // GitHub answers a refused code with 200 and an `error` field instead of a 400.
  const refused = errorInTokenBody(error);
  if (refused) return new UnauthenticatedError(`the identity provider refused the login (${refused})`);
  if (error instanceof oauth.WWWAuthenticateChallengeError)
    return new UnauthenticatedError(`the identity provider refused the login (${error.status})`);
  if (error instanceof oauth.AuthorizationResponseError)
    return new UnauthenticatedError(`the identity provider refused the login (${error.error})`);
  if (error instanceof oauth.ClientError && error.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM') {
    const status = (error.cause as { status?: number } | undefined)?.status ?? 0;
    if (status > 0 && status < 500)
      return new UnauthenticatedError(`the identity provider refused the login (${status})`);
  }
  // Unreachable, timed out, or an answer that is not OAuth2: the provider is not usable now.
  return new UnavailableError('the identity provider is unreachable or answered badly');
}

function errorInTokenBody(error: unknown): string | undefined {
  if (!(error instanceof oauth.ClientError) || error.code !== 'OAUTH_INVALID_RESPONSE') return undefined;
  const body = ((error.cause as { cause?: { body?: { error?: unknown } } } | undefined)?.cause ?? {}).body;
  return typeof body?.error === 'string' ? body.error : undefined;
}

function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}
