import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startAllInOne, type AllInOneSystem } from '../../support/all-in-one';
import { PublicApi } from '../../support/user-journey';

// The whole system as `npm start` runs it, on ports shifted away from the defaults and from the e2e test's.
const PORT_OFFSET = 23000;
const gateway = `http://127.0.0.1:${5000 + PORT_OFFSET}`;
let system: AllInOneSystem;

function smokeTest(args: string[], env: Record<string, string> = {}) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'SMOKE_SESSION'));
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['dist/cmd/smoke-test/main.js', ...args],
      { env: { ...base, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

async function devLogin(username: string): Promise<{ api: PublicApi; session: string }> {
  const anon = new PublicApi(gateway);
  const response = await anon.call<{ session: string }>('POST', '/v1/dev/login', {
    username,
    email: `${username}@example.com`,
  });
  expect(response.status).toBe(200);
  return { api: anon.as(response.body.session), session: response.body.session };
}

beforeAll(async () => {
  system = await startAllInOne(PORT_OFFSET);
}, 90_000);

afterAll(() => system?.stop());

describe('cmd/smoke-test against the whole system', () => {
  it('passes every step with the development login, and leaves nothing behind', async () => {
    const run = await smokeTest(['--gateway', gateway, '--dev-login', 'smoke']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const steps = run.stdout.split('\n').filter((line) => /^[✓✗] /.test(line));
    expect(steps.map((line) => line.replace(/\s+\S+\s+\S+\s+\(\d+ ms\)$/, '').trim())).toEqual([
      '✓ health',
      '✓ log in as smoke',
      '✓ log in as smoke-follower',
      '✓ who am I',
      '✓ smoke-follower follows smoke',
      '✓ add a link',
      '✓ find it by tag and title',
      '✓ update its tags',
      '✓ list following',
      '✓ read news',
      '✓ smoke-follower sees LINK_ADDED in the news',
      '✓ delete it',
      '✓ it is gone',
      '✓ smoke-follower unfollows smoke',
    ]);
    expect(steps[0]).toMatch(/GET \/healthz {2}\(\d+ ms\)$/);
    expect(run.stdout).toContain('waiting up to 20 s for the news to reach smoke-follower');
    expect(run.stdout).toMatch(/All steps passed in \d+\.\d s\./);

    const { api: smoke } = await devLogin('smoke');
    expect((await smoke.call<{ links: unknown[] }>('GET', '/v1/links')).body.links).toEqual([]);
    expect((await smoke.call<{ followers: string[] }>('GET', '/v1/followers')).body.followers).toEqual([]);
  }, 60_000);

  it('takes a session from SMOKE_SESSION and skips the follower steps it cannot do without a second user', async () => {
    const { api: ann, session } = await devLogin('ann');
    const run = await smokeTest(['--gateway', gateway], { SMOKE_SESSION: session });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/✓ who am I\s+GET \/v1\/me/);
    expect(run.stdout).toMatch(/✓ it is gone/);
    expect(run.stdout).not.toContain('follows');
    expect(run.stdout).toContain('need --dev-login: not run');
    // A session it was given is not its own to end.
    expect((await ann.call('GET', '/v1/me')).status).toBe(200);
  }, 60_000);

  it('fails at "who am I" with a session the gateway does not know', async () => {
    const run = await smokeTest(['--gateway', gateway, '--session', 'not-a-session']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✓ health/);
    expect(run.stdout).toMatch(/✗ who am I\s+GET \/v1\/me/);
    expect(run.stdout).toContain('    expected: 200 {username, email}');
    expect(run.stdout).toMatch(/ {4}actual: {3}401 \{"error":\{"code":"UNAUTHENTICATED"/);
    expect(run.stdout).not.toContain('add a link');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(
      /^smoke-test: failed at "who am I" \(GET \/v1\/me\): expected 200 .*, got 401 /,
    );
  });
});

describe('cmd/smoke-test arguments', () => {
  it.each([
    [[]],
    [['--gateway', 'not a url', '--session', 'x']],
    [['--gateway', gateway]],
    [['--gateway', gateway, '--session', 'x', '--dev-login', 'smoke']],
    [['--gateway', gateway, '--verbose']],
  ])('refuses %j with a one-line usage error (exit 2)', async (args) => {
    const run = await smokeTest(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(
      /^smoke-test: .*; usage: smoke-test --gateway URL \[--session TOKEN \| --dev-login USERNAME\]/,
    );
  });
});

describe('cmd/smoke-test after a failure half way', () => {
  // A gateway whose PUT /v1/links breaks: the smoke test must still undo what it created.
  let fake: Server;
  const calls: string[] = [];
  let saved: Record<string, string> = {};
  const body = async (request: IncomingMessage) => {
    let text = '';
    for await (const chunk of request) text += chunk;
    return text ? (JSON.parse(text) as Record<string, string>) : {};
  };

  beforeAll(async () => {
    fake = createServer(async (request, response) => {
      const json = await body(request);
      const session = request.headers.authorization?.slice('Bearer '.length) ?? '';
      calls.push(`${request.method} ${request.url} ${session}`);
      const reply = (status: number, value?: unknown) => {
        response.writeHead(status, value === undefined ? {} : { 'content-type': 'application/json' });
        response.end(value === undefined ? undefined : JSON.stringify(value));
      };
      const route = `${request.method} ${request.url!.split('?')[0]}`;
      if (route === 'GET /healthz') return reply(200, { status: 'ok' });
      if (route === 'POST /v1/dev/login') return reply(200, { session: `s-${json.username}`, ...json });
      if (route === 'GET /v1/me') return reply(200, { username: session.slice(2), email: 'x@example.com' });
      if (route === 'POST /v1/links') {
        saved = { ...json, description: '', status: 'pending' };
        return reply(201, { link: saved });
      }
      if (route === 'GET /v1/links') return reply(200, { links: [saved], nextPageToken: '' });
      if (route === 'PUT /v1/links')
        return reply(500, { error: { code: 'INTERNAL', message: 'broken on purpose' } });
      return reply(204);
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => fake.close(resolve));
  });

  it('reports the failed step and still deletes the link, unfollows and logs out', async () => {
    const url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
    const run = await smokeTest(['--gateway', url, '--dev-login', 'smoke']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ update its tags\s+PUT \/v1\/links/);
    expect(run.stdout).toMatch(
      / {4}actual: {3}500 \{"error":\{"code":"INTERNAL","message":"broken on purpose"\}\}/,
    );
    expect(run.stderr).toMatch(/^smoke-test: failed at "update its tags" \(PUT \/v1\/links\)/);
    const afterFailure = calls.slice(calls.findIndex((call) => call.startsWith('PUT /v1/links')) + 1);
    expect(afterFailure).toEqual([
      expect.stringMatching(
        /^DELETE \/v1\/links\?url=https%3A%2F%2Fexample\.com%2Fdelinkcious-smoke%2F\S+ s-smoke$/,
      ),
      'DELETE /v1/following?followed=smoke s-smoke-follower',
      'POST /logout s-smoke-follower',
      'POST /logout s-smoke',
    ]);
    expect(run.stdout).toContain('cleanup: unfollow smoke as smoke-follower: done');
  });
});
