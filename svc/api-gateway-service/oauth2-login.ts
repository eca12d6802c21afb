import { createHash, randomBytes } from 'node:crypto';
import { UnauthenticatedError, UnavailableError } from '../../pkg/object-model';

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

const PENDING_TTL_MS = 10 * 60 * 1000;
const MAX_PENDING = 10_000;

const randomToken = () => randomBytes(32).toString('base64url');

/**
 * Social login with the OAuth2 authorization-code flow, with `state` against forged
 * callbacks and PKCE (S256) against stolen codes. The provider's endpoints are settings,
 * so GitHub (the default) or any OAuth2 server works. The flow is three HTTP calls of the
 * standard, written out here rather than pulled from a client library: the maintained
 * ones are ESM-only, which this CommonJS build cannot load on Node 20.
 */
export class OAuth2Login {
  /** state → PKCE verifier of logins under way. */
  private readonly pending = new Map<string, { verifier: string; expires: number }>();

  constructor(private readonly settings: OAuth2Settings) {}

  /** Where to send the browser to log in. */
  begin(): string {
    this.forgetExpired();
    const state = randomToken();
    const verifier = randomToken();
    this.pending.set(state, { verifier, expires: Date.now() + PENDING_TTL_MS });
    const url = new URL(this.settings.authorizeUrl);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.settings.clientId,
      redirect_uri: this.settings.redirectUrl,
      scope: this.settings.scope,
      state,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    return url.toString();
  }

  /** Exchanges the callback's code for the provider's user. */
  async complete(code: string, state: string): Promise<ProviderUser> {
    const login = this.pending.get(state);
    this.pending.delete(state);
    if (!login || login.expires < Date.now()) {
      throw new UnauthenticatedError('login expired or not started here; start again at /login');
    }
    const token = await this.call<{ access_token?: string; error?: string }>(this.settings.tokenUrl, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: this.settings.redirectUrl,
        client_id: this.settings.clientId,
        client_secret: this.settings.clientSecret,
        code_verifier: login.verifier,
      }).toString(),
    });
    if (!token.access_token)
      throw new UnauthenticatedError(`the provider refused the login (${token.error ?? 'no token'})`);
    const user = await this.call<{
      login?: string;
      preferred_username?: string;
      sub?: string;
      email?: string | null;
    }>(this.settings.userinfoUrl, {
      headers: { accept: 'application/json', authorization: `Bearer ${token.access_token}` },
    });
    const name = user.login ?? user.preferred_username ?? user.sub;
    if (!name) throw new UnavailableError('the identity provider returned no user name');
    // GitHub hides private addresses; its no-reply address still identifies the account.
    return { login: name, email: user.email || `${name}@users.noreply.github.com` };
  }

  private async call<T>(url: string, init: RequestInit): Promise<T> {
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
    } catch {
      throw new UnavailableError('the identity provider is unreachable');
    }
    if (response.status >= 500)
      throw new UnavailableError(`the identity provider answered ${response.status}`);
    if (!response.ok)
      throw new UnauthenticatedError(`the identity provider refused the login (${response.status})`);
    return (await response.json()) as T;
  }

  private forgetExpired(): void {
    const now = Date.now();
    for (const [state, login] of this.pending) if (login.expires < now) this.pending.delete(state);
    if (this.pending.size >= MAX_PENDING) this.pending.clear();
  }
}
