import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadApiGatewayConfig } from '../../../svc/api-gateway-service/config';
import { createApiGatewayService } from '../../../svc/api-gateway-service/server';
import { fakeBackends } from '../../support/fake-backends';
import { sparePort } from '../../support/nats';
import { TestOAuth2Provider } from '../../support/oauth2-provider';
import { testLogger } from '../../support/silent-logger';

const CLI = join(process.cwd(), 'dist/cmd/delinkcious/main.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let home: string;
let provider: TestOAuth2Provider;
let gateway: string;
let withoutSocialLogin: string;
const stops: Array<() => Promise<unknown>> = [];

/**
 * The built CLI with its own config file; `$BROWSER` is a script that writes the url it is
 * given to a file, where the test, acting as the browser, picks it up.
 */
function delinkcious(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        env: { PATH: process.env.PATH, HOME: home, DELINKCIOUS_CONFIG: join(home, 'config.json'), ...env },
        timeout: 20_000,
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** A `$BROWSER` that writes the url it is asked to open to `file`. */
function recordingBrowser(file: string): string {
  const script = join(home, `browser-${Math.random().toString(36).slice(2)}.sh`);
  writeFileSync(script, `#!/bin/sh\nprintf '%s' "$1" > '${file}'\n`);
  chmodSync(script, 0o755);
  return script;
}

async function openedUrl(file: string): Promise<URL> {
  for (let tries = 0; !existsSync(file) || readFileSync(file, 'utf8') === ''; tries++) {
    if (tries > 100) throw new Error('the CLI opened no browser');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return new URL(readFileSync(file, 'utf8'));
}

/**
 * What a browser does with the url: follows every redirect (the gateway, the provider, the
 * gateway's callback, the CLI's loopback address), sending the gateway's login cookie back.
 */
async function browse(
  start: URL,
  /** `stopAt`: an origin not to visit; what would have been visited there is returned with status 0. */
  options: { decline?: boolean; stopAt?: string } = {},
): Promise<{ url: URL; status: number; body: string }> {
  const jar = new Map<string, string>();
  let url = start;
  for (let hops = 0; hops < 10; hops++) {
    if (url.origin === options.stopAt) return { url, status: 0, body: '' };
    // Declining at the provider: it sends the person back with an error instead of a code.
    if (options.decline && url.origin === provider.base)
      url = new URL(`/login/callback?error=access_denied&state=${url.searchParams.get('state')}`, gateway);
    const toGateway = url.origin === gateway && url.pathname.startsWith('/login');
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, {
      redirect: 'manual',
      headers: toGateway && cookie ? { cookie } : {},
    });
    if (toGateway)
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const [name, ...value] = pair.split('=');
        jar.set(name, value.join('='));
      }
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location)
      return { url, status: response.status, body: await response.text() };
    url = new URL(location, url);
  }
  throw new Error('too many redirects');
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'dlk-cli-social-'));
  provider = await new TestOAuth2Provider().start();
  stops.push(() => provider.stop());
  const secretFile = join(home, 'client-secret');
  writeFileSync(secretFile, provider.clientSecret);
  const port = await sparePort();
  gateway = `http://127.0.0.1:${port}`;
  const config = loadApiGatewayConfig({
    PORT: String(port),
    ...provider.gatewayEnv(secretFile),
    OAUTH_REDIRECT_URL: `${gateway}/login/callback`,
  });
  const social = await createApiGatewayService(config, testLogger(), fakeBackends());
  stops.push(social.stop);
  await social.app.listen({ port, host: '127.0.0.1' });

  const plain = await createApiGatewayService(
    loadApiGatewayConfig({ PORT: '0' }),
    testLogger(),
    fakeBackends(),
  );
  stops.push(plain.stop);
  withoutSocialLogin = await plain.app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
  rmSync(home, { recursive: true, force: true });
});

describe('delinkcious login --social', () => {
  it('signs in through the browser and a loopback redirect, and keeps a session that works', async () => {
    const opened = join(home, 'opened-url');
    const login = delinkcious(['login', '--server', gateway, '--social'], {
      BROWSER: recordingBrowser(opened),
    });

    const url = await openedUrl(opened);
    expect(`${url.origin}${url.pathname}`).toBe(`${gateway}/login`);
    const redirectUri = new URL(url.searchParams.get('redirect_uri')!);
    expect(redirectUri.hostname).toBe('127.0.0.1');
    expect(Number(redirectUri.port)).toBeGreaterThan(0);
    const state = url.searchParams.get('state')!;
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // Another page poking at the loopback address is turned away, and the CLI keeps waiting.
    const stray = await fetch(`${redirectUri.href}?code=stolen&state=not-this-login`);
    expect(stray.status).toBe(400);
    expect(await stray.text()).toContain('not started from this terminal');

    const page = await browse(url);
    expect(`${page.url.origin}${page.url.pathname}`).toBe(redirectUri.href);
    // The browser only ever carried a one-time code, never the session.
    expect(page.url.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Signed in to Delinkcious as octocat. You can close this tab.');

    const run = await login;
    expect(run).toMatchObject({ code: 0, stdout: `Signed in to ${gateway} as octocat.\n` });
    expect(run.stderr).toContain('Opening http://127.0.0.1:');
    const file = join(home, 'config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const config = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    expect(config).toMatchObject({ server: gateway, username: 'octocat', session: expect.any(String) });
    expect(page.url.href).not.toContain(config.session);
    expect(await delinkcious(['whoami'])).toMatchObject({
      code: 0,
      stdout: `octocat <octocat@example.com> on ${gateway}\n`,
    });

    // The one-shot server is gone.
    await expect(fetch(redirectUri)).rejects.toThrow();
  }, 30_000);

  it('completes once when the browser comes back twice at the same time', async () => {
    const opened = join(home, 'twice-url');
    const login = delinkcious(['login', '--server', gateway, '--social'], {
      BROWSER: recordingBrowser(opened),
      DELINKCIOUS_CONFIG: join(home, 'twice.json'),
    });
    const url = await openedUrl(opened);
    const loopback = new URL(url.searchParams.get('redirect_uri')!).origin;
    const { url: back } = await browse(url, { stopAt: loopback });
    const visits = await Promise.all([fetch(back), fetch(back)]);
    expect(visits.map((visit) => visit.status).sort()).toEqual([200, 409]);
    expect((await login).code).toBe(0);
  });

  it('stops waiting at once, with the reason, when the sign-in fails in the browser', async () => {
    const opened = join(home, 'declined-url');
    const config = join(home, 'declined.json');
    const login = delinkcious(['login', '--server', gateway, '--social'], {
      BROWSER: recordingBrowser(opened),
      DELINKCIOUS_CONFIG: config,
    });
    const page = await browse(await openedUrl(opened), { decline: true });
    expect(page.status).toBe(400);
    expect(page.body).toContain(
      'The sign-in failed: the identity provider did not sign you in (access_denied).',
    );
    const run = await login;
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n').pop()).toBe(
      'delinkcious: the sign-in failed: the identity provider did not sign you in (access_denied)',
    );
    expect(existsSync(config)).toBe(false);
  });

  it('gives up after --timeout seconds with one clear line when no browser comes back', async () => {
    const opened = join(home, 'never-visited');
    const started = Date.now();
    const run = await delinkcious(['login', '--server', gateway, '--social', '--timeout', '1'], {
      BROWSER: recordingBrowser(opened),
      DELINKCIOUS_CONFIG: join(home, 'timed-out.json'),
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n').pop()).toBe(
      'delinkcious: no sign-in came back from the browser within 1 seconds; run `delinkcious login --social` again',
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(existsSync(join(home, 'timed-out.json'))).toBe(false);
    // The address it waited at is closed.
    await expect(
      fetch(new URL(readFileSync(opened, 'utf8')).searchParams.get('redirect_uri')!),
    ).rejects.toThrow();
  });

  it('says at once, without opening a browser, that a server has social login off', async () => {
    const opened = join(home, 'not-opened');
    const run = await delinkcious(['login', '--server', withoutSocialLogin, '--social'], {
      BROWSER: recordingBrowser(opened),
      DELINKCIOUS_CONFIG: join(home, 'off.json'),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^delinkcious: social login is off on this server: .* \(NOT_FOUND\)\n$/);
    expect(existsSync(opened)).toBe(false);
  });

  it('takes --timeout only with --social, as a number of seconds', async () => {
    const misuse = await delinkcious(['login', '--server', gateway, '--session', 'x', '--timeout', '5']);
    expect([misuse.code, misuse.stderr]).toEqual([2, 'delinkcious: --timeout goes with --social\n']);
    const bad = await delinkcious(['login', '--server', gateway, '--social', '--timeout', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('must be a whole number of seconds from 1 to 3600');
  });
});
