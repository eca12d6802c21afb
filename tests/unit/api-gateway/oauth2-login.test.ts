import { OAuth2Login, type OAuth2Settings } from '../../../svc/api-gateway-service/oauth2-login';

const github: OAuth2Settings = {
  authorizeUrl: 'https://github.com/login/oauth/authorize',
  tokenUrl: 'https://github.com/login/oauth/access_token',
  userinfoUrl: 'https://api.github.com/user',
  clientId: 'the-client',
  clientSecret: 'the-secret',
  redirectUrl: 'https://delinkcious.example.com/login/callback',
  scope: 'read:user user:email',
};

describe('the OAuth2 login', () => {
  it('sends the browser to the configured provider with state, PKCE S256 and the callback', async () => {
    const { url, pending } = await new OAuth2Login(github).begin();
    const sent = new URL(url);
    expect(`${sent.origin}${sent.pathname}`).toBe(github.authorizeUrl);
    expect(Object.fromEntries(sent.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'the-client',
      redirect_uri: github.redirectUrl,
      scope: github.scope,
      state: pending.state,
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      code_challenge_method: 'S256',
    });
    expect(pending.verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    // Every login its own state and verifier.
    const other = (await new OAuth2Login(github).begin()).pending;
    expect([other.state, other.verifier]).not.toContain(pending.state);
  });

  it('refuses plain http to a provider that is not on this machine, and allows it on loopback', () => {
    expect(() => new OAuth2Login({ ...github, tokenUrl: 'http://auth.example.com/token' })).toThrow(
      /^invalid configuration: OAUTH_AUTHORIZE_URL, OAUTH_TOKEN_URL and OAUTH_USERINFO_URL must be https/,
    );
    const local = 'http://127.0.0.1:8000';
    expect(
      () =>
        new OAuth2Login({
          ...github,
          authorizeUrl: `${local}/authorize`,
          tokenUrl: `${local}/token`,
          userinfoUrl: `${local}/user`,
        }),
    ).not.toThrow();
  });

  it('refuses a callback whose state is not the pending login’s, before calling the provider', async () => {
    const login = new OAuth2Login(github);
    const { pending } = await login.begin();
    await expect(
      login.complete(new URLSearchParams({ code: 'c', state: 'someone-else' }), pending),
    ).rejects.toThrow(/belongs to another login/);
  });

  it('marks the login cookie Secure when the callback is https', () => {
    expect(new OAuth2Login(github).callbackIsHttps).toBe(true);
    expect(
      new OAuth2Login({ ...github, redirectUrl: 'http://localhost:5000/login/callback' }).callbackIsHttps,
    ).toBe(false);
  });
});
