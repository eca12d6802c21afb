import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { writeTrustFiles } from '../../../cmd/start-all/trust-files';
import { CALLER_TOKEN_HEADER, USER_PROOF_HEADER, UserProofSigner, runWithUserProof } from '../../../pkg/auth';
import { ConfigError } from '../../../pkg/kit';
import { NotFoundError, type SocialGraphManager } from '../../../pkg/object-model';
import { SocialGraphManagerClient } from '../../../pkg/social-graph-client';
import { loadSocialGraphServiceConfig } from '../../../svc/social-graph-service/config';
import { socialGraphRoutes } from '../../../svc/social-graph-service/http-routes';
import { createSocialGraphService } from '../../../svc/social-graph-service/server';
import { describeErrorRoundTrip } from '../../support/client-round-trip';
import { testLogger } from '../../support/silent-logger';

const dir = mkdtempSync(join(tmpdir(), 'dlk-social-'));
const trust = writeTrustFiles(dir);
const tokenOf = (caller: keyof typeof trust.callerTokenOf) =>
  readFileSync(trust.callerTokenOf[caller].CALLER_TOKEN_FILE, 'utf8');
const NEWS_TOKEN = tokenOf('news-service');
const GATEWAY_TOKEN = tokenOf('api-gateway-service');
let signer: UserProofSigner;

let app: FastifyInstance;
let stop: () => Promise<void>;
let baseUrl: string;
beforeAll(async () => {
  ({ app, stop } = await createSocialGraphService(
    loadSocialGraphServiceConfig({
      PORT: '0',
      ...trust.callerAuth,
    }),
    testLogger(),
  ));
  baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  signer = await UserProofSigner.fromFile(trust.signing.USER_PROOF_SIGNING_KEY_FILE);
});
afterAll(async () => {
  await stop();
  rmSync(dir, { recursive: true, force: true });
});

const followers = (headers: Record<string, string>) => fetch(`${baseUrl}/followers/ann`, { headers });

describe('social graph service over HTTP', () => {
  it('guards /followers with caller tokens: missing 401, wrong 403, the gateway without a proof 401, news 200', async () => {
    const gateway = new SocialGraphManagerClient({ baseUrl, callerToken: GATEWAY_TOKEN });
    await runWithUserProof(await signer.sign('bob'), () =>
      gateway.follow({ followed: 'ann', follower: 'bob' }),
    );
    const missing = await followers({});
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({
      error: { code: 'UNAUTHENTICATED', message: 'caller token required' },
    });
    const wrong = await followers({ 'delinkcious-caller-token': 'x'.repeat(30) });
    expect(wrong.status).toBe(403);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('PERMISSION_DENIED');
    expect((await followers({ 'delinkcious-caller-token': GATEWAY_TOKEN })).status).toBe(401);
    const right = await followers({ 'delinkcious-caller-token': NEWS_TOKEN });
    expect(right.status).toBe(200);
    expect(await right.json()).toEqual({ followers: ['bob'] });
  });

  it('round-trips every call through the client, with its caller token and the proof of the user', async () => {
    const client = new SocialGraphManagerClient({ baseUrl, callerToken: GATEWAY_TOKEN });
    const asEve = async <T>(call: () => Promise<T>) => runWithUserProof(await signer.sign('eve'), call);
    await asEve(() => client.follow({ followed: 'dan', follower: 'eve' }));
    await asEve(() => client.follow({ followed: 'dan', follower: 'eve' }));
    expect(await asEve(() => client.getFollowing('eve'))).toEqual(['dan']);
    const news = new SocialGraphManagerClient({ baseUrl, callerToken: NEWS_TOKEN });
    expect(await news.getFollowers('dan')).toEqual(['eve']);
    await asEve(() => client.unfollow({ followed: 'dan', follower: 'eve' }));
    await expect(asEve(() => client.unfollow({ followed: 'dan', follower: 'eve' }))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(new SocialGraphManagerClient({ baseUrl }).getFollowers('dan')).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });

  it.each([
    ['/follow', { followed: 'ann', follower: 'ann' }, 400],
    ['/follow', { followed: 'ann' }, 400],
    ['/follow', { followed: 1, follower: 'x' }, 400],
    ['/unfollow', { followed: 'nobody', follower: 'x' }, 404],
  ])('POST %s %j answers %i with the SPEC body', async (url, payload, status) => {
    const headers = {
      [CALLER_TOKEN_HEADER]: GATEWAY_TOKEN,
      [USER_PROOF_HEADER]: await signer.sign('follower' in payload ? String(payload.follower) : 'ann'),
    };
    const response = await app.inject({ method: 'POST', url, payload, headers });
    expect(response.statusCode).toBe(status);
    expect(response.json()).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
  });

  it('will not start without a tokens file unless the check is explicitly off', () => {
    expect(() => loadSocialGraphServiceConfig({})).toThrow(ConfigError);
    expect(() => loadSocialGraphServiceConfig({})).toThrow(
      /^invalid configuration: CALLER_TOKENS_FILE is not set/,
    );
    expect(loadSocialGraphServiceConfig({ CALLER_AUTH_DISABLED: 'true' }).CALLER_AUTH_DISABLED).toBe(true);
  });
});

describeErrorRoundTrip<SocialGraphManager, SocialGraphManagerClient>(
  'SocialGraphManagerClient',
  (service) => socialGraphRoutes(service),
  (url) => new SocialGraphManagerClient({ baseUrl: url, maxAttempts: 1, breakAfter: 1000 }),
  {
    follow: (c) => c.follow({ followed: 'a', follower: 'b' }),
    unfollow: (c) => c.unfollow({ followed: 'a', follower: 'b' }),
    getFollowing: (c) => c.getFollowing('a'),
    getFollowers: (c) => c.getFollowers('a'),
  },
);
