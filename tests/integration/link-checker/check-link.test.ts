import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { checkLink, publicAddressesOnly, SafeLinkChecker } from '../../../pkg/link-checker';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

const servers: Server[] = [];
const tcpServers: TcpServer[] = [];
afterAll(async () => {
  for (const server of tcpServers) await new Promise((resolve) => server.close(resolve));
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(handler: Handler): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A server that sends `response` one byte every `intervalMs`, as a slow-loris host would. */
async function dripServer(response: string, intervalMs: number): Promise<string> {
  const server = createTcpServer((socket) => {
    let sent = 0;
    const timer = setInterval(() => {
      if (sent >= response.length || socket.destroyed) return clearInterval(timer);
      socket.write(response[sent++]);
    }, intervalMs);
    socket.on('close', () => clearInterval(timer));
    socket.on('error', () => clearInterval(timer));
  });
  tcpServers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

const permissive = { timeoutMs: 2000, maxRedirects: 3, allowAddress: () => true };
/** The loopback test server stands in for a public host; every other address keeps the real policy. */
const onlyTestServerIsPublic = {
  ...permissive,
  allowAddress: (ip: string) => ip === '127.0.0.1' || publicAddressesOnly(ip),
};

describe('checkLink: SSRF safety', () => {
  const strict = new SafeLinkChecker({ timeoutMs: 2000, maxRedirects: 3, allowPrivateAddresses: false });

  it.each([
    'http://127.0.0.1/',
    'http://10.0.0.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]/',
    'http://localhost/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::7f00:1]/',
    'http://[::a9fe:a9fe]/',
    'http://[64:ff9b::a9fe:a9fe]/',
    'http://[2002:a00:1::1]/',
    'http://[ff02::1]/',
    'http://224.0.0.1/',
  ])('refuses %s before connecting', async (url) => {
    const result = await strict.check(url);
    expect(result.status).toBe('invalid');
    expect(result.reason).toMatch(/^refused: .* non-public address/);
  });

  it('refuses a public-looking url that redirects to a private address, on the redirect hop', async () => {
    const redirecting = await serve((_req, res) => {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
      res.end();
    });
    const result = await checkLink(redirecting, onlyTestServerIsPublic);
    expect(result).toEqual({
      status: 'invalid',
      reason: 'refused: 169.254.169.254 resolves to a non-public address (169.254.169.254)',
    });
  });

  it('refuses a name whose DNS answer is private, even among public ones', async () => {
    const result = await checkLink('http://mixed.example/', {
      timeoutMs: 1000,
      maxRedirects: 1,
      resolve: async () => ['93.184.216.34', '10.1.2.3'],
    });
    expect(result).toEqual({
      status: 'invalid',
      reason: 'refused: mixed.example resolves to a non-public address (10.1.2.3)',
    });
  });

  it('allows private addresses only with the explicit setting', async () => {
    const ok = await serve((_req, res) => res.end());
    const allowed = new SafeLinkChecker({ timeoutMs: 2000, maxRedirects: 3, allowPrivateAddresses: true });
    expect(await allowed.check(ok)).toEqual({ status: 'valid', reason: 'HTTP 200' });
    expect((await strict.check(ok)).status).toBe('invalid');
  });
});

describe('checkLink: HTTP behaviour', () => {
  it('is valid for 2xx, invalid for 404, follows redirects within the bound', async () => {
    const ok = await serve((_req, res) => res.end('hello'));
    const missing = await serve((_req, res) => {
      res.statusCode = 404;
      res.end();
    });
    let hops = 0;
    const loop = await serve((req, res) => {
      hops += 1;
      res.writeHead(301, { location: req.url === '/' ? '/a' : '/' });
      res.end();
    });
    expect(await checkLink(ok, permissive)).toEqual({ status: 'valid', reason: 'HTTP 200' });
    expect(await checkLink(missing, permissive)).toEqual({ status: 'invalid', reason: 'HTTP 404' });
    expect(await checkLink(`${loop}/`, permissive)).toEqual({
      status: 'invalid',
      reason: 'more than 3 redirects',
    });
    expect(hops).toBe(4);
  });

  it('retries as GET when the server rejects HEAD', async () => {
    const methods: string[] = [];
    const noHead = await serve((req, res) => {
      methods.push(req.method ?? '');
      res.statusCode = req.method === 'HEAD' ? 405 : 200;
      res.end();
    });
    expect(await checkLink(noHead, permissive)).toEqual({ status: 'valid', reason: 'HTTP 200' });
    expect(methods).toEqual(['HEAD', 'GET']);
  });

  it('never downloads a body: the connection closes after the headers', async () => {
    let written = 0;
    let closedEarly = false;
    const huge = await serve((req, res) => {
      if (req.method === 'HEAD') {
        res.statusCode = 405;
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024);
      const timer = setInterval(() => {
        if (written >= 50 * 1024 * 1024) return clearInterval(timer);
        res.write(chunk);
        written += chunk.length;
      }, 5);
      res.on('close', () => {
        closedEarly = written < 50 * 1024 * 1024;
        clearInterval(timer);
      });
    });
    expect(await checkLink(huge, permissive)).toEqual({ status: 'valid', reason: 'HTTP 200' });
    for (let i = 0; i < 100 && !closedEarly; i++) await new Promise((r) => setTimeout(r, 10));
    expect(closedEarly).toBe(true);
    expect(written).toBeLessThan(5 * 1024 * 1024);
  });

  it('gives up on a server that never answers', async () => {
    const silent = await serve(() => {});
    const result = await checkLink(silent, { ...permissive, timeoutMs: 200 });
    expect(result).toEqual({ status: 'invalid', reason: 'unreachable: no answer within 200 ms' });
  });

  it('ends a check at its deadline although the server drips a byte every 400 ms', async () => {
    const dripping = await dripServer('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n', 400);
    const started = performance.now();
    const result = await checkLink(dripping, { ...permissive, timeoutMs: 1000 });
    const elapsedMs = performance.now() - started;
    expect(result).toEqual({ status: 'invalid', reason: 'unreachable: no answer within 1000 ms' });
    expect(elapsedMs).toBeGreaterThanOrEqual(950);
    expect(elapsedMs).toBeLessThan(3000);
  });

  it('counts DNS and every redirect hop against the one deadline', async () => {
    const slowDns = checkLink('http://slow-dns.example/', {
      ...permissive,
      timeoutMs: 300,
      resolve: () => new Promise<string[]>(() => {}),
    });
    expect(await slowDns).toEqual({ status: 'invalid', reason: 'unreachable: no answer within 300 ms' });
    // Each hop answers within 250 ms; together they pass the 600 ms deadline.
    const slowHops = await serve((req, res) => {
      setTimeout(() => {
        res.writeHead(302, { location: `/${Number(req.url?.slice(1) || 0) + 1}` });
        res.end();
      }, 250);
    });
    expect(await checkLink(`${slowHops}/0`, { ...permissive, maxRedirects: 10, timeoutMs: 600 })).toEqual({
      status: 'invalid',
      reason: 'unreachable: no answer within 600 ms',
    });
  });

  it('is invalid for a name that does not resolve and for a refused connection', async () => {
    expect(await checkLink('http://does-not-exist.invalid/', permissive)).toEqual({
      status: 'invalid',
      reason: expect.stringMatching(
        /^unreachable: DNS lookup of does-not-exist\.invalid failed \(E[A-Z_]+\)$/,
      ),
    });
    const closed = await serve((_req, res) => res.end());
    servers.pop()?.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(await checkLink(closed, permissive)).toEqual({
      status: 'invalid',
      reason: 'unreachable: connection refused',
    });
  });
});
