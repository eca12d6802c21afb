import { randomBytes } from 'node:crypto';
import { generateUserProofKeyPair } from '../../pkg/auth';
import { CALLERS } from '../../pkg/contracts/callers';
import { sensitive, type Sensitive } from './command-line';

/** The namespace of the application, its Secrets and its databases. */
export const APP_NAMESPACE = 'delinkcious';

/** Each database's owner, host and name, as the manifests expect them. */
const DATABASES = [
  { secret: 'link-db-credentials', user: 'link_service', host: 'link-db', database: 'link_manager' },
  { secret: 'user-db-credentials', user: 'user_service', host: 'user-db', database: 'user_manager' },
  {
    secret: 'social-graph-db-credentials',
    user: 'social_graph_service',
    host: 'social-graph-db',
    database: 'social_graph_manager',
  },
] as const;

/** Services that call others with a token of their own (README: Trust inside the cluster). */
const CALLER_TOKEN_SECRETS = ['caller-tokens', ...CALLERS.map((caller) => `${caller}-caller-token`)];

/** Every value the Secrets hold; `shown` is what a printed command says instead. */
export interface SecretValues {
  dbPassword: (secret: string) => Sensitive;
  callerToken: (caller: string) => Sensitive;
  oauthClientId: Sensitive;
  oauthClientSecret: Sensitive;
  /** Both OAUTH_CLIENT_ID and OAUTH_CLIENT_SECRET were given. */
  oauthConfigured: boolean;
  /** Signs the gateway's login cookie (OAuth state and PKCE verifier). */
  loginCookieKey: Sensitive;
  /** The user service's private JWK for user proofs, and the JWK set of its public half. */
  userProofKeys: { signingKey: Sensitive; publicKeys: Sensitive };
}

/** The two user proof Secrets are kept or re-created together, so the public key matches the private one. */
const USER_PROOF_SECRETS = ['user-proof-signing-key', 'user-proof-public-keys'];

export interface SecretSpec {
  name: string;
  literals: { key: string; value: Sensitive }[];
  /**
   * The secret is kept when every one of these exists: a database keeps the password it was
   * created with. The caller tokens are checked (and re-created) together, so they always agree.
   * Empty: always applied.
   */
  keepWhenAllExist: string[];
}

export class OAuthEnvError extends Error {}

/** Fresh random values for a real run: 32 random bytes, URL-safe so DATABASE_URL needs no escaping. */
export function generatedSecretValues(env: NodeJS.ProcessEnv): SecretValues {
  const keys = generateUserProofKeyPair();
  return secretValues(env, () => ({ real: randomBytes(32).toString('base64url'), shown: '<generated>' }), {
    signingKey: { real: JSON.stringify(keys.privateJwk), shown: '<generated>' },
    publicKeys: { real: JSON.stringify({ keys: [keys.publicJwk] }), shown: '<generated>' },
  });
}

/** Stand-ins for a dry run: nothing random is even made. */
export function placeholderSecretValues(env: NodeJS.ProcessEnv): SecretValues {
  const placeholder = { real: '<generated>', shown: '<generated>' };
  return secretValues(env, () => placeholder, { signingKey: placeholder, publicKeys: placeholder });
}

function secretValues(
  env: NodeJS.ProcessEnv,
  fresh: () => Sensitive,
  userProofKeys: SecretValues['userProofKeys'],
): SecretValues {
  const clientId = env.OAUTH_CLIENT_ID ?? '';
  const clientSecret = env.OAUTH_CLIENT_SECRET ?? '';
  if (Boolean(clientId) !== Boolean(clientSecret)) {
    throw new OAuthEnvError('set both OAUTH_CLIENT_ID and OAUTH_CLIENT_SECRET, or neither');
  }
  const memo = new Map<string, Sensitive>();
  const once = (key: string) => memo.get(key) ?? memo.set(key, fresh()).get(key)!;
  const fromEnv = (value: string, name: string): Sensitive => ({
    real: value,
    shown: value ? `<from ${name}>` : '',
  });
  return {
    dbPassword: (secret) => once(`db:${secret}`),
    callerToken: (caller) => once(`caller:${caller}`),
    oauthClientId: fromEnv(clientId, 'OAUTH_CLIENT_ID'),
    oauthClientSecret: fromEnv(clientSecret, 'OAUTH_CLIENT_SECRET'),
    oauthConfigured: Boolean(clientId),
    loginCookieKey: once('login-cookie-key'),
    userProofKeys,
  };
}

/** The Secrets of the deployment contract, in the order they are created. */
export function contractSecrets(values: SecretValues): SecretSpec[] {
  const databases = DATABASES.map(({ secret, user, host, database }): SecretSpec => {
    const password = values.dbPassword(secret);
    return {
      name: secret,
      literals: [
        { key: 'POSTGRES_PASSWORD', value: password },
        { key: 'DATABASE_URL', value: sensitive`postgres://${user}:${password}@${host}:5432/${database}` },
      ],
      keepWhenAllExist: [secret],
    };
  });
  // JSON-quoted values are valid YAML whatever the token looks like.
  const tokensYaml = CALLERS.map((caller) => sensitive`${caller}: "${values.callerToken(caller)}"\n`).reduce(
    (all, line) => sensitive`${all}${line}`,
  );
  const callerTokens: SecretSpec[] = [
    {
      name: 'caller-tokens',
      literals: [{ key: 'caller-tokens.yaml', value: tokensYaml }],
      keepWhenAllExist: CALLER_TOKEN_SECRETS,
    },
    ...CALLERS.map((caller): SecretSpec => ({
      name: `${caller}-caller-token`,
      literals: [{ key: 'token', value: values.callerToken(caller) }],
      keepWhenAllExist: CALLER_TOKEN_SECRETS,
    })),
  ];
  const oauth: SecretSpec = {
    name: 'oauth-client',
    literals: [
      { key: 'client-id', value: values.oauthClientId },
      { key: 'client-secret', value: values.oauthClientSecret },
    ],
    // Given OAuth settings replace the old ones; without them an existing app is left alone.
    keepWhenAllExist: values.oauthConfigured ? [] : ['oauth-client'],
  };
  // Kept when it exists, so re-running the bootstrap does not break the logins under way.
  const loginCookieKeys: SecretSpec = {
    name: 'api-gateway-service-login-cookie-keys',
    literals: [{ key: 'keys', value: values.loginCookieKey }],
    keepWhenAllExist: ['api-gateway-service-login-cookie-keys'],
  };
  // Kept when they exist: README (Trust inside the cluster) says how to rotate them.
  const userProofKeys: SecretSpec[] = [
    {
      name: 'user-proof-signing-key',
      literals: [{ key: 'private.jwk', value: values.userProofKeys.signingKey }],
      keepWhenAllExist: USER_PROOF_SECRETS,
    },
    {
      name: 'user-proof-public-keys',
      literals: [{ key: 'public.jwks', value: values.userProofKeys.publicKeys }],
      keepWhenAllExist: USER_PROOF_SECRETS,
    },
  ];
  return [...databases, ...callerTokens, oauth, loginCookieKeys, ...userProofKeys];
}
