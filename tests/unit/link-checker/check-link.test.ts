import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anyAddress } from '../../../pkg/link-checker/address-policy';
import { checkLink, type CheckLinkOptions } from '../../../pkg/link-checker/check-link';
import { SafeLinkChecker } from '../../../pkg/link-checker/link-checker';

// One loopback server whose answer each test sets; the checker is pointed at it by name
// through a fake resolver, or by address with a policy that lets loopback through.
type Answer = (request: IncomingMessage, response: ServerResponse) => void;
let answer: Answer;
const seen: Array<{ method?: string; host?: string; userAgent?: string; url?: string }> = [];
let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push({
      method: request.method,
      host: request.headers.host,
      userAgent: request.headers['user-agent'],
      url: request.url,
    });
    answer(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => (seen.length = 0));

const status =
  (code: number, headers: Record<string, string> = {}): Answer =>
  (_request, response) =>
    response.writeHead(code, headers).end();
const localUrl = (path = '/') => `http://127.0.0.1:${port}${path}`;
const options = (extra: Partial<CheckLinkOptions> = {}): CheckLinkOptions => ({
  timeoutMs: 2000,
  maxRedirects: 2,
  allowAddress: anyAddress,
  ...extra,
});

describe('checkLink: what it refuses to contact', () => {
  it('calls a malformed url not a url', async () => {
    expect(await checkLink('not a url', options())).toEqual({ status: 'invalid', reason: 'not a url' });
  });

  it('refuses protocols other than http and https', async () => {
    expect(await checkLink('ftp://example.com/file', options())).toEqual({
      status: 'invalid',
      reason: 'unsupported protocol ftp:',
    });
  });

  it('refuses a name that resolves to a loopback address, by default, without connecting', async () => {
    const result = await checkLink(`http://intranet.test:${port}/`, {
      ...options({ resolve: async () => ['127.0.0.1'] }),
      allowAddress: undefined,
    });
    expect(result).toEqual({
      status: 'invalid',
      reason: 'refused: intranet.test resolves to a non-public address (127.0.0.1)',
    });
    expect(seen).toEqual([]);
  });

  it('refuses a name when any one of its addresses is refused, not only the first', async () => {
    const result = await checkLink(`http://mixed.test:${port}/`, {
      ...options({ resolve: async () => ['93.184.216.34', '10.0.0.1'] }),
      allowAddress: undefined,
    });
    expect(result.reason).toBe('refused: mixed.test resolves to a non-public address (10.0.0.1)');
  });

  it('refuses loopback addresses written in the url, IPv4 and bracketed IPv6', async () => {
    const defaults = { timeoutMs: 2000, maxRedirects: 2 };
    expect((await checkLink(localUrl(), defaults)).reason).toBe(
      'refused: 127.0.0.1 resolves to a non-public address (127.0.0.1)',
    );
    expect((await checkLink(`http://[::1]:${port}/`, defaults)).reason).toBe(
      'refused: ::1 resolves to a non-public address (::1)',
    );
    expect(seen).toEqual([]);
  });

  it('refuses a name that resolves to no address', async () => {
    expect(await checkLink('http://nowhere.test/', options({ resolve: async () => [] }))).toEqual({
      status: 'invalid',
      reason: 'nowhere.test does not resolve',
    });
  });

  it('vets every redirect hop, not just the first', async () => {
    answer = status(302, { location: `http://inside.test:${port}/` });
    const result = await checkLink(
      `http://outside.test:${port}/`,
      options({
        resolve: async (host) => [host === 'outside.test' ? '127.0.0.1' : '127.0.0.2'],
        allowAddress: (address) => address === '127.0.0.1',
      }),
    );
    expect(result.reason).toBe('refused: inside.test resolves to a non-public address (127.0.0.2)');
    expect(seen).toHaveLength(1);
  });
});

describe('checkLink: the verdict from the status line', () => {
  it.each([
    [200, 'valid'],
    [399, 'valid'],
    [400, 'invalid'],
    [404, 'invalid'],
    [500, 'invalid'],
  ])('HTTP %i is %s', async (code, verdict) => {
    answer = status(code);
    expect(await checkLink(localUrl(), options())).toEqual({ status: verdict, reason: `HTTP ${code}` });
  });

  it('connects to the vetted address while sending the name as the Host, with its user agent', async () => {
    answer = status(204);
    const result = await checkLink(
      `http://site.test:${port}/page`,
      options({ resolve: async () => ['127.0.0.1'] }),
    );
    expect(result).toEqual({ status: 'valid', reason: 'HTTP 204' });
    expect(seen).toEqual([
      { method: 'HEAD', host: `site.test:${port}`, userAgent: 'delinkcious-link-checker', url: '/page' },
    ]);
  });

  it.each([405, 501])('retries with GET when HEAD gets %i', async (code) => {
    answer = (request, response) => response.writeHead(request.method === 'HEAD' ? code : 200).end();
    expect(await checkLink(localUrl(), options())).toEqual({ status: 'valid', reason: 'HTTP 200' });
    expect(seen.map((request) => request.method)).toEqual(['HEAD', 'GET']);
  });

  it('does not retry with GET after another refusal', async () => {
    answer = status(403);
    expect((await checkLink(localUrl(), options())).reason).toBe('HTTP 403');
    expect(seen.map((request) => request.method)).toEqual(['HEAD']);
  });

  it('judges a 3xx without a Location by its status', async () => {
    answer = status(304);
    expect(await checkLink(localUrl(), options())).toEqual({ status: 'valid', reason: 'HTTP 304' });
  });
});

describe('checkLink: redirects', () => {
  const hops =
    (count: number): Answer =>
    (request, response) => {
      const hop = Number(request.url?.slice(1) || 0);
      if (hop < count) response.writeHead(301, { location: `/${hop + 1}` }).end();
      else response.writeHead(200).end();
    };

  it('follows up to maxRedirects, resolving relative locations', async () => {
    answer = hops(2);
    expect(await checkLink(localUrl(), options({ maxRedirects: 2 }))).toEqual({
      status: 'valid',
      reason: 'HTTP 200',
    });
    expect(seen.map((request) => request.url)).toEqual(['/', '/1', '/2']);
  });

  it('gives up after maxRedirects', async () => {
    answer = hops(3);
    expect(await checkLink(localUrl(), options({ maxRedirects: 2 }))).toEqual({
      status: 'invalid',
      reason: 'more than 2 redirects',
    });
    expect(seen).toHaveLength(3);
  });
});

describe('checkLink: unreachable', () => {
  it('stops at the deadline when a server never answers', async () => {
    answer = () => {};
    expect(await checkLink(localUrl(), options({ timeoutMs: 150 }))).toEqual({
      status: 'invalid',
      reason: 'unreachable: no answer within 150 ms',
    });
  });

  it('stops at the deadline when DNS never answers', async () => {
    const resolve = () => new Promise<string[]>(() => {});
    expect(await checkLink('http://slow-dns.test/', options({ timeoutMs: 150, resolve }))).toEqual({
      status: 'invalid',
      reason: 'unreachable: no answer within 150 ms',
    });
  });

  it('reports a failed DNS lookup as unreachable, with its reason', async () => {
    const resolve = () => Promise.reject(new Error('getaddrinfo ENOTFOUND gone.test'));
    expect(await checkLink('http://gone.test/', options({ resolve }))).toEqual({
      status: 'invalid',
      reason: 'unreachable: getaddrinfo ENOTFOUND gone.test',
    });
  });

  it('speaks TLS to an https url: a plain-HTTP server there is unreachable', async () => {
    answer = status(200);
    const result = await checkLink(`https://127.0.0.1:${port}/`, options());
    expect(result.status).toBe('invalid');
    expect(result.reason).toMatch(/^unreachable: /);
  });
});

describe('SafeLinkChecker', () => {
  it('refuses private addresses unless allowPrivateAddresses is set', async () => {
    answer = status(200);
    const settings = { timeoutMs: 2000, maxRedirects: 0 };
    const strict = new SafeLinkChecker({ ...settings, allowPrivateAddresses: false });
    const local = new SafeLinkChecker({ ...settings, allowPrivateAddresses: true });
    expect((await strict.check(localUrl())).reason).toMatch(/^refused: /);
    expect(await local.check(localUrl())).toEqual({ status: 'valid', reason: 'HTTP 200' });
  });

  it('passes its deadline and redirect limit on to the check', async () => {
    answer = (_request, response) => response.writeHead(301, { location: '/next' }).end();
    const checker = new SafeLinkChecker({ timeoutMs: 2000, maxRedirects: 0, allowPrivateAddresses: true });
    expect((await checker.check(localUrl())).reason).toBe('more than 0 redirects');
    answer = () => {};
    const hasty = new SafeLinkChecker({ timeoutMs: 100, maxRedirects: 1, allowPrivateAddresses: true });
    expect((await hasty.check(localUrl())).reason).toBe('unreachable: no answer within 100 ms');
  });
});

describe('checkLink: which answers are redirects', () => {
  it.each([
    [200, 'valid'],
    [299, 'valid'],
    [400, 'invalid'],
    [404, 'invalid'],
  ])('does not follow a Location sent with HTTP %i', async (code, verdict) => {
    answer = (request, response) =>
      response.writeHead(request.url === '/' ? code : 500, { location: '/elsewhere' }).end();
    expect(await checkLink(localUrl(), options())).toEqual({ status: verdict, reason: `HTTP ${code}` });
    expect(seen.map((request) => request.url)).toEqual(['/']);
  });

  it.each([300, 301, 399])('follows the Location of HTTP %i', async (code) => {
    answer = (request, response) =>
      response.writeHead(request.url === '/' ? code : 204, { location: '/next' }).end();
    expect(await checkLink(localUrl(), options())).toEqual({ status: 'valid', reason: 'HTTP 204' });
    expect(seen.map((request) => request.url)).toEqual(['/', '/next']);
  });
});

describe('checkLink: https', () => {
  it('opens a TLS connection to the vetted address for an https url', async () => {
    let connections = 0;
    const count = () => (connections += 1);
    server.on('connection', count);
    try {
      await checkLink(`https://127.0.0.1:${port}/`, options());
    } finally {
      server.off('connection', count);
    }
    expect(connections).toBe(1);
  });
});
