import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { anyAddress } from '../../../pkg/link-checker/address-policy';
import { checkLink, type CheckLinkOptions } from '../../../pkg/link-checker/check-link';

// The reason an owner reads beside an unreachable link names the step that failed. Refused
// and reset connections are real ones to loopback; the failures no loopback server can cause
// (DNS, routing, certificates) are thrown by the replaceable resolver, with the codes
// Node's dns and tls modules give them, since every step's failure ends in the same wording.
const options = (extra: Partial<CheckLinkOptions> = {}): CheckLinkOptions => ({
  timeoutMs: 2000,
  maxRedirects: 0,
  allowAddress: anyAddress,
  ...extra,
});

function failingWith(code: string, fields: Record<string, string> = {}) {
  return () => Promise.reject(Object.assign(new Error(`failed with ${code}`), { code, ...fields }));
}

async function listening(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('checkLink: why a link is unreachable', () => {
  it.each(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_NODATA', 'EAI_FAIL'])(
    'names the host whose DNS lookup failed with %s',
    async (code) => {
      const resolve = failingWith(code, { hostname: 'gone.test' });
      expect(await checkLink('http://gone.test/', options({ resolve }))).toEqual({
        status: 'invalid',
        reason: `unreachable: DNS lookup of gone.test failed (${code})`,
      });
    },
  );

  it('says "the host" when a failed DNS lookup names none', async () => {
    const resolve = failingWith('ENOTFOUND');
    expect((await checkLink('http://gone.test/', options({ resolve }))).reason).toBe(
      'unreachable: DNS lookup of the host failed (ENOTFOUND)',
    );
  });

  it('says the connection was refused by a port nobody listens on', async () => {
    const closed = createTcpServer();
    const port = await listening(closed);
    await new Promise((resolve) => closed.close(resolve));
    expect(await checkLink(`http://127.0.0.1:${port}/`, options())).toEqual({
      status: 'invalid',
      reason: 'unreachable: connection refused',
    });
  });

  it('says the server reset the connection when it hangs up before answering', async () => {
    const rude = createTcpServer((socket) => socket.destroy());
    const port = await listening(rude);
    try {
      expect(await checkLink(`http://127.0.0.1:${port}/`, options())).toEqual({
        status: 'invalid',
        reason: 'unreachable: connection reset by the server',
      });
    } finally {
      await new Promise((resolve) => rude.close(resolve));
    }
  });

  it.each(['EHOSTUNREACH', 'ENETUNREACH'])('says there is no route to the server on %s', async (code) => {
    expect((await checkLink('http://far.test/', options({ resolve: failingWith(code) }))).reason).toBe(
      `unreachable: no route to the server (${code})`,
    );
  });

  it.each(['CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_TLS_CERT_ALTNAME_INVALID'])(
    'calls a certificate failure (%s) a TLS failure, with its message',
    async (code) => {
      expect(
        (await checkLink('https://bad-cert.test/', options({ resolve: failingWith(code) }))).reason,
      ).toBe(`unreachable: TLS: failed with ${code}`);
    },
  );

  it('gives the message itself for a code it has no words for', async () => {
    expect((await checkLink('http://odd.test/', options({ resolve: failingWith('EPROTO') }))).reason).toBe(
      'unreachable: failed with EPROTO',
    );
  });
});

describe('checkLink: the system resolver', () => {
  let server: Server;
  let port: number;
  const hosts: Array<string | undefined> = [];
  beforeAll(async () => {
    server = createHttpServer((request, response) => {
      hosts.push(request.headers.host);
      response.writeHead(204).end();
    });
    port = await listening(server);
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('resolves a name through the system resolver when none is given, and connects to its address', async () => {
    // localhost is 127.0.0.1 wherever the tests run (the server listens there only).
    expect(await checkLink(`http://localhost:${port}/`, options())).toEqual({
      status: 'valid',
      reason: 'HTTP 204',
    });
    expect(hosts).toEqual([`localhost:${port}`]);
  });
});
