import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { fullPublicApiDocument, generatePublicApi, generatedDirOf } from '../../../cmd/gen-openapi/generate';
import { codeOfHttpStatus, documentedStatuses } from '../../../pkg/kit';
import { errorFromCode } from '../../../pkg/object-model';
import { loadApiGatewayConfig } from '../../../svc/api-gateway-service/config';
import { ALWAYS_ERRORS, publicApiOperations } from '../../../svc/api-gateway-service/openapi';
import { createApiGatewayService } from '../../../svc/api-gateway-service/server';
import { fakeBackends } from '../../support/fake-backends';
import { testLogger } from '../../support/silent-logger';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..');
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'delinkcious-openapi-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a linter that exits non-zero on findings; its report is what matters. */
async function lint(command: string, args: string[]): Promise<void> {
  await run(command, args, { cwd: dir }).catch((error: { code?: number }) => {
    if (typeof error.code !== 'number') throw error;
  });
}

describe('the public OpenAPI document', () => {
  it('has no Redocly (recommended) or Spectral (spectral:oas) errors', async () => {
    const document = join(dir, 'openapi.json');
    writeFileSync(document, JSON.stringify(fullPublicApiDocument()));
    writeFileSync(join(dir, '.spectral.yaml'), 'extends: ["spectral:oas"]\n');

    await lint(bin('spectral'), [
      'lint',
      document,
      '--format',
      'json',
      '--output',
      join(dir, 'spectral.json'),
    ]);
    const spectral = JSON.parse(readFileSync(join(dir, 'spectral.json'), 'utf8')) as Array<{
      severity: number;
      code: string;
    }>;
    expect(spectral.filter((result) => result.severity === 0)).toEqual([]);

    const redocly = await run(
      bin('redocly'),
      ['lint', document, '--extends', 'recommended', '--format', 'json'],
      {
        cwd: dir,
      },
    ).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
    const report = JSON.parse(redocly.stdout) as { totals: { errors: number }; problems: unknown[] };
    expect(report.totals.errors).toBe(0);
  }, 120_000);

  it('is the one committed with the typed client, which is what openapi-typescript makes of it', async () => {
    generatePublicApi(dir, ROOT);
    for (const file of ['openapi.json', 'openapi.ts']) {
      expect(readFileSync(join(dir, file), 'utf8')).toBe(
        readFileSync(join(generatedDirOf(ROOT), file), 'utf8'),
      );
    }
  }, 60_000);
});

/** A valid request for each operation, in an order in which each one succeeds. */
const VALID: Array<
  [string, { url: string; method: 'GET' | 'POST' | 'PUT' | 'DELETE'; payload?: Record<string, unknown> }]
> = [
  ['getMe', { method: 'GET', url: '/v1/me' }],
  [
    'addLink',
    { method: 'POST', url: '/v1/links', payload: { url: 'https://a.example/', title: 'A', tags: ['t'] } },
  ],
  ['getLinks', { method: 'GET', url: '/v1/links?limit=5&q=a' }],
  ['getTags', { method: 'GET', url: '/v1/tags' }],
  ['renameTag', { method: 'POST', url: '/v1/tags/rename', payload: { from: 't', to: 'u' } }],
  ['updateLink', { method: 'PUT', url: '/v1/links', payload: { url: 'https://a.example/', title: 'B' } }],
  ['deleteLink', { method: 'DELETE', url: `/v1/links?url=${encodeURIComponent('https://a.example/')}` }],
  ['follow', { method: 'POST', url: '/v1/following', payload: { followed: 'bob' } }],
  ['getFollowing', { method: 'GET', url: '/v1/following' }],
  ['getFollowers', { method: 'GET', url: '/v1/followers' }],
  ['unfollow', { method: 'DELETE', url: '/v1/following?followed=bob' }],
  ['getNews', { method: 'GET', url: '/v1/news' }],
  ['createFeedToken', { method: 'POST', url: '/v1/feed-token' }],
  ['revokeFeedToken', { method: 'DELETE', url: '/v1/feed-token' }],
  [
    'devLogin',
    { method: 'POST', url: '/v1/dev/login', payload: { username: 'cid', email: 'cid@example.com' } },
  ],
  ['logout', { method: 'POST', url: '/logout' }],
];

const BODY_LIMIT = 2048;
const env = { PORT: '0', DEV_LOGIN_ENABLED: 'true', BODY_LIMIT_BYTES: String(BODY_LIMIT) };

/** The fake backends, made to fail every call but session lookups with `failure` while it is set. */
function failingBackends() {
  const backends = fakeBackends();
  const state: { failure?: Error } = {};
  const failing = <S extends object>(service: S, spared: string[] = []): S =>
    new Proxy(service, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function' || spared.includes(String(property))) return value;
        return (...args: unknown[]) => {
          if (state.failure) return Promise.reject(state.failure);
          return value.apply(target, args);
        };
      },
    });
  return {
    state,
    backends: {
      links: failing(backends.links),
      users: failing(backends.users, ['resolveSession']),
      social: failing(backends.social),
      news: failing(backends.news),
    },
  };
}

async function openSession(app: FastifyInstance, username: string): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/v1/dev/login',
    payload: { username, email: `${username}@example.com` },
  });
  return response.json().session;
}

const withUnknownField = (request: (typeof VALID)[number][1]) =>
  request.payload
    ? { ...request, payload: { ...request.payload, zz: 1 } }
    : { ...request, url: `${request.url}${request.url.includes('?') ? '&' : '?'}zz=1` };

describe('the statuses the document gives each operation', () => {
  it('are exactly the statuses its route answers', async () => {
    const documented = new Map(
      publicApiOperations({ devLogin: true, socialLogin: false }).map((op) => [
        op.operationId,
        { op, statuses: documentedStatuses(op, ALWAYS_ERRORS) },
      ]),
    );
    expect([...documented.keys()].sort()).toEqual(VALID.map(([id]) => id).sort());
    const observed = new Map<string, Set<number>>(VALID.map(([id]) => [id, new Set()]));
    const saw = (id: string, status: number) => observed.get(id)!.add(status);

    const { state, backends } = failingBackends();
    const gateway = await createApiGatewayService(loadApiGatewayConfig(env), testLogger(), backends);
    try {
      const [ann] = [await openSession(gateway.app, 'ann'), await openSession(gateway.app, 'bob')];
      const as = { authorization: `Bearer ${ann}` };
      for (const [id, request] of VALID) {
        const { op } = documented.get(id)!;
        const headers = op.secured ? as : {};
        if (op.secured) saw(id, (await gateway.app.inject(request)).statusCode);
        if (op.operation.request) {
          saw(id, (await gateway.app.inject({ ...withUnknownField(request), headers })).statusCode);
        }
        if (op.operation.request?.in === 'body') {
          const payload = { ...request.payload, pad: 'x'.repeat(BODY_LIMIT) };
          saw(id, (await gateway.app.inject({ ...request, payload, headers })).statusCode);
          const text = { ...headers, 'content-type': 'text/plain' };
          saw(id, (await gateway.app.inject({ ...request, payload: 'x', headers: text })).statusCode);
        }
        // The backends fail with each error the operation documents (500: an unexpected error).
        for (const status of documented.get(id)!.statuses.filter((s) => s >= 404 && s !== 413 && s !== 429)) {
          state.failure = status === 500 ? new Error('boom') : errorFromCode(codeOfHttpStatus(status), 'x');
          saw(id, (await gateway.app.inject({ ...request, headers })).statusCode);
          state.failure = undefined;
        }
        saw(id, (await gateway.app.inject({ ...request, headers })).statusCode);
      }
    } finally {
      await gateway.stop();
    }

    const limited = await createApiGatewayService(
      loadApiGatewayConfig({ ...env, RATE_LIMIT_PER_MINUTE: '1' }),
      testLogger(),
      fakeBackends(),
    );
    try {
      for (const [index, [id, request]] of VALID.entries()) {
        const remoteAddress = `10.0.0.${index + 1}`;
        await limited.app.inject({ ...request, remoteAddress });
        saw(id, (await limited.app.inject({ ...request, remoteAddress })).statusCode);
      }
    } finally {
      await limited.stop();
    }

    for (const [id, { statuses }] of documented) {
      expect({ id, statuses: [...observed.get(id)!].sort() }).toEqual({ id, statuses });
    }
  });
});
