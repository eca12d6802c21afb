import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PublicApiClient, type Link } from '../../../pkg/public-api-client';
import { startAllInOne, type AllInOneSystem } from '../../support/all-in-one';

// `npm start` on ports of its own (27500, 30580, …: below Linux's ephemeral range, all allowed by fetch).
const PORT_OFFSET = 22500;
const CLI = join(process.cwd(), 'dist/cmd/delinkcious/main.js');

let system: AllInOneSystem;
let home: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The built CLI as a person runs it, with its own config file (and the environment given). */
function delinkcious(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI, ...args],
      {
        env: {
          PATH: process.env.PATH,
          HOME: home,
          DELINKCIOUS_CONFIG: join(home, 'ann.json'),
          ...options.env,
        },
        timeout: 20_000,
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(options.input ?? '');
  });
}

const asBob = { DELINKCIOUS_CONFIG: join(tmpdir(), 'unused') };

function expectOneLineError(run: Run, code: number, pattern: RegExp): void {
  expect(run.code).toBe(code);
  expect(run.stdout).toBe('');
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(/^delinkcious: /);
  expect(run.stderr).toMatch(pattern);
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'dlk-cli-'));
  asBob.DELINKCIOUS_CONFIG = join(home, 'bob.json');
  system = await startAllInOne(PORT_OFFSET);
}, 90_000);

afterAll(async () => {
  await system?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('the delinkcious CLI, against npm start', () => {
  const server = () => ['--server', system.gateway];

  it('says it is not signed in, with exit code 3, before login', async () => {
    expectOneLineError(
      await delinkcious(['ls', ...server()]),
      3,
      /not signed in to http:\/\/127\.0\.0\.1:27500/,
    );
  });

  it('logs in with the development login and keeps the session in a private config file', async () => {
    const run = await delinkcious(['login', ...server(), '--username', 'ann', '--email', 'ann@example.com']);
    expect(run).toMatchObject({ code: 0, stdout: `Signed in to ${system.gateway} as ann.\n` });
    const file = join(home, 'ann.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const config = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    expect(config).toMatchObject({ server: system.gateway, username: 'ann' });
    expect(config.session).toMatch(/.{20,}/);
    // The server is remembered: later commands need no --server.
    expect((await delinkcious(['whoami'])).stdout).toBe(`ann <ann@example.com> on ${system.gateway}\n`);
  });

  it('adds links and lists them, as text and as JSON', async () => {
    const added = await delinkcious([
      'add',
      'https://kubernetes.io/',
      '--title',
      'Kubernetes',
      '--description',
      'Production-grade container orchestration',
      '--tag',
      'k8s,docs',
      '--tag',
      'cloud',
    ]);
    expect(added).toMatchObject({ code: 0, stdout: 'Saved https://kubernetes.io/\n' });
    const json = await delinkcious(['--json', 'add', 'https://go.dev/', '-t', 'Go', '--tag', 'languages']);
    expect(JSON.parse(json.stdout)).toMatchObject({ link: { url: 'https://go.dev/', tags: ['languages'] } });

    const text = await delinkcious(['ls']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /^Go\n {2}https:\/\/go\.dev\/\n {2}\w+ · \S+ · tags: languages\n(?: {2}invalid: .*\n)?Kubernetes\n/,
    );
    expect(text.stdout).toContain('  Production-grade container orchestration\n');
    expect(text.stdout).toContain('tags: k8s, docs, cloud');

    const listed = JSON.parse((await delinkcious(['ls', '--json'])).stdout) as {
      links: Link[];
      nextPageToken: string;
    };
    expect(listed.links.map((link) => link.url)).toEqual(['https://go.dev/', 'https://kubernetes.io/']);
    expect(listed.nextPageToken).toBe('');
  });

  it('filters by tag and by pattern, and pages', async () => {
    const byTag = JSON.parse((await delinkcious(['ls', '--json', '--tag', 'k8s'])).stdout) as {
      links: Link[];
    };
    expect(byTag.links.map((link) => link.title)).toEqual(['Kubernetes']);
    const byTitle = JSON.parse((await delinkcious(['ls', '--json', '--title', '^G'])).stdout) as {
      links: Link[];
    };
    expect(byTitle.links.map((link) => link.title)).toEqual(['Go']);
    expect((await delinkcious(['ls', '--url', 'nothing-like-this'])).stdout).toBe('No links.\n');

    const first = await delinkcious(['ls', '--limit', '1']);
    const token = /More: delinkcious ls --start (\S+) \(or --all\)/.exec(first.stdout)?.[1];
    expect(first.stdout).toMatch(/^Go\n/);
    expect(token).toBeDefined();
    const second = await delinkcious(['ls', '--limit', '1', '--start', token!]);
    expect(second.stdout).toMatch(/^Kubernetes\n/);
    expect(second.stdout).not.toContain('More:');
    const all = JSON.parse((await delinkcious(['ls', '--json', '--limit', '1', '--all'])).stdout) as {
      links: Link[];
    };
    expect(all.links.map((link) => link.title)).toEqual(['Go', 'Kubernetes']);
  });

  it('adds and removes tags, and edits a link', async () => {
    const tagged = await delinkcious([
      'tag',
      'https://kubernetes.io/',
      '--add',
      'containers',
      '--remove',
      'docs,cloud',
    ]);
    expect(tagged).toMatchObject({ code: 0, stdout: 'https://kubernetes.io/ is tagged: k8s, containers\n' });
    await delinkcious(['edit', 'https://kubernetes.io/', '--title', 'Kubernetes documentation']);
    const api = new PublicApiClient({ baseUrl: system.gateway, session: savedSession('ann.json') });
    const stored = (await api.listLinks({ tag: 'containers' })).links;
    expect(stored).toMatchObject([{ title: 'Kubernetes documentation', tags: ['k8s', 'containers'] }]);
  });

  it('keeps a link private with --private, shows it, and shares it with edit --public', async () => {
    const added = await delinkcious(['add', 'https://private.example/', '-t', 'Mine', '--private']);
    expect(added).toMatchObject({ code: 0, stdout: 'Saved https://private.example/ (private)\n' });
    expect((await delinkcious(['ls', '--url', 'private'])).stdout).toMatch(
      /^Mine\n.*\n {2}private · pending · /,
    );
    const both = await delinkcious(['edit', 'https://private.example/', '--private', '--public']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/'--private' cannot be used with option '--public'/);
    const shared = JSON.parse(
      (await delinkcious(['edit', 'https://private.example/', '--public', '--json'])).stdout,
    ) as { link: Link };
    expect(shared.link.private).toBe(false);
    expect((await delinkcious(['rm', 'https://private.example/'])).code).toBe(0);
  });

  it('searches with -q, lists tags with counts, and renames a tag', async () => {
    const titles = async (args: string[]) =>
      (JSON.parse((await delinkcious(['ls', '--json', ...args])).stdout) as { links: Link[] }).links.map(
        (link) => link.title,
      );
    expect(await titles(['-q', 'KUBERNETES'])).toEqual(['Kubernetes documentation']);
    expect(await titles(['--search', 'language'])).toEqual(['Go']);
    expect(await titles(['-q', 'tag:k8s'])).toEqual(['Kubernetes documentation']);
    expect(await titles(['-q', '-documentation'])).toEqual(['Go']);
    expect((await delinkcious(['ls', '-q', 'nothing-like-this'])).stdout).toBe('No links.\n');

    expect(await delinkcious(['tags'])).toMatchObject({
      code: 0,
      stdout: 'containers  1 link\nk8s  1 link\nlanguages  1 link\n',
    });
    expect(await delinkcious(['tag', 'rename', 'containers', 'k8s'])).toMatchObject({
      code: 0,
      stdout: 'Renamed containers to k8s on 1 link.\n',
    });
    expect(JSON.parse((await delinkcious(['tags', '--json'])).stdout)).toEqual({
      tags: [
        { tag: 'k8s', count: 1 },
        { tag: 'languages', count: 1 },
      ],
    });
    expectOneLineError(await delinkcious(['tag', 'rename', 'containers', 'x']), 1, /\(NOT_FOUND\)$/m);
    expect((await delinkcious(['tag', 'rename', 'only-one'])).code).toBe(2);
  });

  it('shows why the link checker found a link invalid', async () => {
    // Nothing listens on port 9 of loopback (npm start lets its checker reach loopback).
    await delinkcious(['add', 'http://127.0.0.1:9/gone', '-t', 'Gone page']);
    const api = new PublicApiClient({ baseUrl: system.gateway, session: savedSession('ann.json') });
    for (let i = 0; i < 100; i++) {
      if ((await api.listLinks({ q: 'gone' })).links[0]?.status !== 'pending') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const text = await delinkcious(['ls', '-q', 'gone']);
    expect(text.stdout).toMatch(/^ {2}invalid: unreachable: connection refused \(checked \S+\)$/m);
    const json = JSON.parse((await delinkcious(['ls', '-q', 'gone', '--json'])).stdout) as { links: Link[] };
    expect(json.links[0]).toMatchObject({
      status: 'invalid',
      checkReason: 'unreachable: connection refused',
    });
    await delinkcious(['rm', 'http://127.0.0.1:9/gone']);
  });

  it('deletes a link; deleting it again is a clear error', async () => {
    expect(await delinkcious(['rm', 'https://go.dev/'])).toMatchObject({
      code: 0,
      stdout: 'Deleted https://go.dev/\n',
    });
    expectOneLineError(await delinkcious(['rm', 'https://go.dev/']), 1, /\(NOT_FOUND\)$/m);
    const left = JSON.parse((await delinkcious(['ls', '--json'])).stdout) as { links: Link[] };
    expect(left.links.map((link) => link.url)).toEqual(['https://kubernetes.io/']);
  });

  it('follows someone, reads their link in the news, and unfollows', async () => {
    await delinkcious(['login', ...server(), '--username', 'bob', '--email', 'bob@example.com'], {
      env: asBob,
    });
    expect((await delinkcious(['follow', 'bob'])).stdout).toBe('You now follow bob.\n');
    expect((await delinkcious(['following'])).stdout).toBe('bob\n');
    expect((await delinkcious(['followers'], { env: asBob })).stdout).toBe('ann\n');
    await delinkcious(['add', 'https://nats.io/', '-t', 'NATS', '--tag', 'messaging'], { env: asBob });

    let news = await delinkcious(['news']);
    for (let tries = 0; !news.stdout.includes('NATS'); tries++) {
      expect(tries).toBeLessThan(40);
      await new Promise((resolve) => setTimeout(resolve, 250));
      news = await delinkcious(['news']);
    }
    expect(news.stdout).toMatch(/^\S+ {2}bob saved NATS <https:\/\/nats\.io\/>\n/);
    const json = JSON.parse((await delinkcious(['news', '--json'])).stdout) as { events: unknown[] };
    expect(json.events[0]).toMatchObject({
      eventType: 'LINK_ADDED',
      username: 'bob',
      url: 'https://nats.io/',
    });

    expect((await delinkcious(['unfollow', 'bob'])).stdout).toBe('You no longer follow bob.\n');
    expect((await delinkcious(['following'])).stdout).toBe('You follow nobody yet.\n');
    expectOneLineError(await delinkcious(['follow', 'nobody-at-all']), 1, /NOT_FOUND/);
  }, 30_000);

  it('uses a session opened elsewhere (--session)', async () => {
    const elsewhere = await new PublicApiClient({ baseUrl: system.gateway }).devLogin({
      username: 'carol',
      email: 'carol@example.com',
    });
    const env = { DELINKCIOUS_CONFIG: join(home, 'carol.json') };
    const run = await delinkcious(['login', ...server(), '--session', elsewhere.session], { env });
    expect(run.stdout).toBe(`Signed in to ${system.gateway} as carol.\n`);
    expectOneLineError(
      await delinkcious(['login', ...server(), '--session', 'not-a-session'], { env }),
      3,
      /./,
    );
  });

  it('finds its config under $XDG_CONFIG_HOME, and the server in $DELINKCIOUS_SERVER', async () => {
    const xdg = join(home, 'xdg');
    const env = { DELINKCIOUS_CONFIG: '', XDG_CONFIG_HOME: xdg, DELINKCIOUS_SERVER: system.gateway };
    await delinkcious(['login', '--username', 'dora', '--email', 'dora@example.com'], { env });
    expect(JSON.parse(readFileSync(join(xdg, 'delinkcious', 'config.json'), 'utf8'))).toMatchObject({
      server: system.gateway,
      username: 'dora',
    });
    expect((await delinkcious(['whoami', '--json'], { env })).stdout).toContain('"username": "dora"');
  });

  it('answers bad usage, an unreachable server and an ended session with one line and its own exit code', async () => {
    const usage = await delinkcious(['add', 'https://example.com/']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("error: required option '-t, --title <title>' not specified");
    expect((await delinkcious(['ls', '--limit', '500'])).code).toBe(2);
    expect((await delinkcious(['tag', 'https://kubernetes.io/'])).code).toBe(2);
    expectOneLineError(await delinkcious(['add', 'not a url', '-t', 'x']), 1, /INVALID_ARGUMENT/);
    expectOneLineError(
      await delinkcious(['whoami'], { env: { DELINKCIOUS_SERVER: 'http://127.0.0.1:9' } }),
      3,
      /not signed in to http:\/\/127\.0\.0\.1:9/,
    );
    expectOneLineError(
      await delinkcious(['login', '--server', 'http://127.0.0.1:9', '--username', 'x', '--email', 'x@x.io']),
      1,
      /the gateway at http:\/\/127\.0\.0\.1:9 is unreachable/,
    );

    expect((await delinkcious(['logout'], { env: asBob })).stdout).toBe('Signed out.\n');
    expectOneLineError(await delinkcious(['ls'], { env: asBob }), 3, /not signed in/);
    // A session that ended on the server (logout elsewhere) is told apart from other failures.
    const session = savedSession('ann.json');
    await new PublicApiClient({ baseUrl: system.gateway, session }).logout();
    expectOneLineError(await delinkcious(['ls']), 3, /sign in again with `delinkcious login`/);
  });
});

function savedSession(file: string): string {
  return (JSON.parse(readFileSync(join(home, file), 'utf8')) as { session: string }).session;
}
