import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { writeTrustFiles, type TrustSettings } from '../../cmd/start-all/trust-files';
import {
  CALLER_TOKEN_HEADER,
  USER_PROOF_HEADER,
  UserProofSigner,
  UserProofVerifier,
  generateUserProofKeyPair,
  runWithUserProof,
} from '../../pkg/auth';
import { linkCheckerOperations } from '../../pkg/contracts/link-checker';
import { linkServiceOperations } from '../../pkg/contracts/link-service';
import { socialGraphServiceOperations } from '../../pkg/contracts/social-graph-service';
import { userServiceOperations } from '../../pkg/contracts/user-service';
import type { HttpOperation } from '../../pkg/kit';
import { LinkManagerClient } from '../../pkg/link-client';
import { loadNewsProto } from '../../pb/protos';
import type { NewsClient } from '../../pb/generated/pb/News';
import { sparePort } from '../support/nats';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { ServiceProcesses } from '../support/service-processes';

const dir = mkdtempSync(join(tmpdir(), 'dlk-trust-'));
const services = new ServiceProcesses();
const databases: TestDatabase[] = [];
let trust: TrustSettings;
let signer: UserProofSigner;
let strangerSigner: UserProofSigner;
let news: NewsClient;
const base: Record<string, string> = {};
const token = (caller: 'api-gateway-service' | 'news-service') =>
  readFileSync(trust.callerTokenOf[caller].CALLER_TOKEN_FILE, 'utf8');

/** One call of every internal HTTP operation, naming bob wherever a user is named. */
const CALLS: Array<{
  service: string;
  name: string;
  operation: HttpOperation;
  input: Record<string, unknown>;
  forBob: boolean;
}> = [
  ...Object.entries(linkServiceOperations).map(([name, operation]) => ({
    service: 'link-service',
    name,
    operation,
    input: {
      getLinks: { username: 'bob' },
      getPublicLinks: { username: 'bob' },
      addLink: { username: 'bob', url: 'https://example.com/', title: 'x' },
      updateLink: { username: 'bob', url: 'https://example.com/', title: 'y' },
      deleteLink: { username: 'bob', url: 'https://example.com/' },
      importLinks: { username: 'bob', links: [] },
      getTags: { username: 'bob' },
      renameTag: { username: 'bob', from: 'k8s', to: 'kubernetes' },
    }[name]!,
    // Public links are anyone's to read (the Atom feed): the gateway reads them with its own identity.
    forBob: name !== 'getPublicLinks',
  })),
  ...Object.entries(socialGraphServiceOperations).map(([name, operation]) => ({
    service: 'social-graph-service',
    name,
    operation,
    input:
      name === 'follow' || name === 'unfollow' ? { follower: 'bob', followed: 'carol' } : { username: 'bob' },
    forBob: true,
  })),
  ...Object.entries(userServiceOperations).map(([name, operation]) => ({
    service: 'user-service',
    name,
    operation,
    input: {
      register: { username: 'bob', email: 'bob@example.com' },
      login: { username: 'bob', authToken: 'proved-by-the-gateway' },
      logout: { username: 'bob', session: 'not-a-session' },
      resolveSession: { session: 'not-a-session' },
      getUser: { username: 'bob' },
      getPublicUser: { username: 'bob' },
      createFeedToken: { username: 'bob' },
      revokeFeedToken: { username: 'bob' },
      checkFeedToken: { username: 'bob', token: 'not-a-token' },
    }[name]!,
    forBob: name === 'getUser' || name === 'createFeedToken' || name === 'revokeFeedToken',
  })),
  ...Object.entries(linkCheckerOperations).map(([name, operation]) => ({
    service: 'link-checker',
    name,
    operation,
    input: { url: 'https://example.com/' },
    forBob: false,
  })),
];

function call(
  { service, operation, input }: (typeof CALLS)[number],
  headers: Record<string, string>,
): Promise<Response> {
  let path = operation.path.replace(/:([A-Za-z]+)/g, (_, field: string) => String(input[field]));
  const inBody = operation.request?.in === 'body';
  if (operation.request?.in === 'query') path += `?${new URLSearchParams(input as Record<string, string>)}`;
  return fetch(`${base[service]}${path}`, {
    method: operation.method,
    headers: { ...headers, ...(inBody ? { 'content-type': 'application/json' } : {}) },
    body: inBody ? JSON.stringify(input) : undefined,
  });
}

function getNews(username: string, metadata: Record<string, string>): Promise<grpc.status> {
  const md = new grpc.Metadata();
  for (const [key, value] of Object.entries(metadata)) md.set(key, value);
  return new Promise((resolve) =>
    news.GetNews({ username }, md, (error) => resolve(error ? error.code : grpc.status.OK)),
  );
}

beforeAll(async () => {
  trust = writeTrustFiles(join(dir, 'secrets'));
  signer = await UserProofSigner.fromFile(trust.signing.USER_PROOF_SIGNING_KEY_FILE);
  strangerSigner = await UserProofSigner.fromJwk(generateUserProofKeyPair().privateJwk);
  const [links, users, social] = await Promise.all(
    ['trust_links', 'trust_users', 'trust_social'].map(createTestDatabase),
  );
  databases.push(links, users, social);
  const port = {
    link: await sparePort(),
    user: await sparePort(),
    social: await sparePort(),
    news: await sparePort(),
    newsAdmin: await sparePort(),
    checker: await sparePort(),
  };
  await services.start(
    'user-service',
    { PORT: String(port.user), DATABASE_URL: users.url, ...trust.callerAuth, ...trust.signing },
    port.user,
  );
  await services.start(
    'social-graph-service',
    { PORT: String(port.social), DATABASE_URL: social.url, ...trust.callerAuth },
    port.social,
  );
  await services.start(
    'link-service',
    { PORT: String(port.link), DATABASE_URL: links.url, ...trust.callerAuth },
    port.link,
  );
  await services.start('link-checker', { PORT: String(port.checker) }, port.checker);
  await services.start(
    'news-service',
    {
      PORT: String(port.news),
      ADMIN_PORT: String(port.newsAdmin),
      SOCIAL_GRAPH_URL: `http://127.0.0.1:${port.social}`,
      ...trust.callerTokenOf['news-service'],
      ...trust.callerAuth,
    },
    port.newsAdmin,
  );
  Object.assign(base, {
    'link-service': `http://127.0.0.1:${port.link}`,
    'user-service': `http://127.0.0.1:${port.user}`,
    'social-graph-service': `http://127.0.0.1:${port.social}`,
    'link-checker': `http://127.0.0.1:${port.checker}`,
  });
  const News = loadNewsProto().pb.News;
  news = new News(`127.0.0.1:${port.news}`, grpc.credentials.createInsecure());
}, 120_000);

afterAll(async () => {
  news?.close();
  await services.stopAll();
  await Promise.all(databases.map((db) => db.drop()));
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

const named = (c: (typeof CALLS)[number]) => `${c.service} ${c.operation.method} ${c.operation.path}`;
const userScoped = CALLS.filter((c) => c.forBob);

describe('calls straight to the services, from inside the cluster network', () => {
  it.each(CALLS.map((c) => [named(c), c]))('%s: refused without credentials (401)', async (_name, c) => {
    const response = await call(c, {});
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  });

  it.each(CALLS.map((c) => [named(c), c]))(
    '%s: refused with a made-up caller token (403)',
    async (_name, c) => {
      expect((await call(c, { [CALLER_TOKEN_HEADER]: 'x'.repeat(43) })).status).toBe(403);
    },
  );

  it.each(
    CALLS.filter((c) => !(c.service === 'social-graph-service' && c.name === 'getFollowers')).map((c) => [
      named(c),
      c,
    ]),
  )('%s: refused to the news service, which the call graph does not let call it (403)', async (_name, c) => {
    const proof = await signer.sign('bob');
    expect(
      (await call(c, { [CALLER_TOKEN_HEADER]: token('news-service'), [USER_PROOF_HEADER]: proof })).status,
    ).toBe(403);
  });

  it.each(userScoped.map((c) => [named(c), c]))(
    '%s: refused to the gateway without a user proof (401)',
    async (_name, c) => {
      const response = await call(c, { [CALLER_TOKEN_HEADER]: token('api-gateway-service') });
      expect(response.status).toBe(401);
    },
  );

  it.each(userScoped.map((c) => [named(c), c]))(
    "%s: refused to the gateway with alice's proof for bob (403)",
    async (_name, c) => {
      const headers = {
        [CALLER_TOKEN_HEADER]: token('api-gateway-service'),
        [USER_PROOF_HEADER]: await signer.sign('alice'),
      };
      expect((await call(c, headers)).status).toBe(403);
    },
  );

  it.each(userScoped.map((c) => [named(c), c]))(
    '%s: refused with an expired or a re-signed proof (401)',
    async (_name, c) => {
      const gateway = { [CALLER_TOKEN_HEADER]: token('api-gateway-service') };
      const expired = await signer.sign('bob', new Date(Date.now() - 10 * 60_000));
      const resigned = await strangerSigner.sign('bob');
      expect((await call(c, { ...gateway, [USER_PROOF_HEADER]: expired })).status).toBe(401);
      expect((await call(c, { ...gateway, [USER_PROOF_HEADER]: resigned })).status).toBe(401);
    },
  );

  it.each(CALLS.filter((c) => c.service !== 'link-checker').map((c) => [named(c), c]))(
    '%s: served to the gateway with the proof of the user it names',
    async (_name, c) => {
      const response = await call(c, {
        [CALLER_TOKEN_HEADER]: token('api-gateway-service'),
        [USER_PROOF_HEADER]: await signer.sign('bob'),
      });
      // A made-up session is still an unknown session (401), but past the guard.
      const body =
        response.status === 204 ? {} : ((await response.json()) as { error?: { message: string } });
      expect(response.status).not.toBe(403);
      expect(body.error?.message ?? '').not.toMatch(/caller token|user proof|may not make this call/);
    },
  );

  it("lets the news service list an author's followers with its own identity, and nothing else", async () => {
    const followers = CALLS.find((c) => c.service === 'social-graph-service' && c.name === 'getFollowers')!;
    expect((await call(followers, { [CALLER_TOKEN_HEADER]: token('news-service') })).status).toBe(200);
  });

  it('News/GetNews: 16 without credentials, 7 for another caller, 16 without a proof, 7 for another user', async () => {
    const gateway = { [CALLER_TOKEN_HEADER]: token('api-gateway-service') };
    expect(await getNews('bob', {})).toBe(grpc.status.UNAUTHENTICATED);
    expect(
      await getNews('bob', {
        [CALLER_TOKEN_HEADER]: token('news-service'),
        [USER_PROOF_HEADER]: await signer.sign('bob'),
      }),
    ).toBe(grpc.status.PERMISSION_DENIED);
    expect(await getNews('bob', gateway)).toBe(grpc.status.UNAUTHENTICATED);
    expect(await getNews('bob', { ...gateway, [USER_PROOF_HEADER]: await signer.sign('alice') })).toBe(
      grpc.status.PERMISSION_DENIED,
    );
    const expired = await signer.sign('bob', new Date(Date.now() - 10 * 60_000));
    expect(await getNews('bob', { ...gateway, [USER_PROOF_HEADER]: expired })).toBe(
      grpc.status.UNAUTHENTICATED,
    );
    expect(await getNews('bob', { ...gateway, [USER_PROOF_HEADER]: await strangerSigner.sign('bob') })).toBe(
      grpc.status.UNAUTHENTICATED,
    );
    expect(await getNews('bob', { ...gateway, [USER_PROOF_HEADER]: await signer.sign('bob') })).toBe(
      grpc.status.OK,
    );
  });

  it('gives the gateway, with a session, a proof every service verifies with the public key alone', async () => {
    const users = base['user-service'];
    const headers = {
      'content-type': 'application/json',
      [CALLER_TOKEN_HEADER]: token('api-gateway-service'),
    };
    const post = (path: string, body: object) =>
      fetch(`${users}${path}`, { method: 'POST', headers, body: JSON.stringify(body) }).then((r) => r.json());
    await post('/register', { username: 'dora', email: 'dora@example.com' });
    const { session } = (await post('/login', { username: 'dora', authToken: 'proved' })) as {
      session: string;
    };
    const { proof } = (await post('/resolve-session', { session })) as { proof: string };
    const verifier = UserProofVerifier.fromFile(trust.callerAuth.USER_PROOF_KEYS_FILE);
    expect((await verifier.verify(proof)).username).toBe('dora');

    // The client forwards the proof of the user it calls for, with its caller token.
    const links = new LinkManagerClient({
      baseUrl: base['link-service'],
      callerToken: token('api-gateway-service'),
    });
    await runWithUserProof(proof, () =>
      links.addLink({ username: 'dora', url: 'https://dora.example/', title: 'D' }),
    );
    const page = await runWithUserProof(proof, () => links.getLinks({ username: 'dora' }));
    expect(page.links.map((l) => l.url)).toEqual(['https://dora.example/']);
    await runWithUserProof(proof, () =>
      links.addLink({ username: 'dora', url: 'https://dora.example/diary', title: 'Diary', private: true }),
    );
    // What anyone may read of dora, the gateway reads with its own identity: no private link, no email.
    const gatewayOnly = { [CALLER_TOKEN_HEADER]: token('api-gateway-service') };
    const listed = await fetch(`${base['link-service']}/links/public?username=dora`, {
      headers: gatewayOnly,
    });
    expect(((await listed.json()) as { links: Array<{ url: string }> }).links.map((l) => l.url)).toEqual([
      'https://dora.example/',
    ]);
    const profile = await fetch(`${users}/users/dora/public`, { headers: gatewayOnly });
    expect(await profile.json()).toEqual({ user: { username: 'dora' } });
    const account = await fetch(`${users}/users/dora`, { headers: gatewayOnly });
    expect(account.status).toBe(401);
    await expect(
      runWithUserProof(proof, () => links.deleteLink({ username: 'bob', url: 'https://dora.example/' })),
    ).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
    });
  });
});
