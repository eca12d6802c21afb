import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { loadApiGatewayConfig } from '../../../svc/api-gateway-service/config';
import { createApiGatewayService } from '../../../svc/api-gateway-service/server';
import { fakeBackends } from '../../support/fake-backends';
import { testLogger } from '../../support/silent-logger';

/**
 * The book's examples (chapter 7, "Accessing the Delinkcious API gateway from outside the
 * cluster", and the blue-green check of chapter 11), exactly as printed, replayed over HTTP.
 */
const BOOK_SESSION = [
  'http "${DELINKCIOUS_URL}/v1.0/links" "Access-Token: ${DELINKCIOUS_TOKEN}"',
  'http POST "${DELINKCIOUS_URL}/v1.0/links" "Access-Token: ${DELINKCIOUS_TOKEN}" url=http://gg.com title=example',
  'http POST "${DELINKCIOUS_URL}/v1.0/links" "Access-Token: ${DELINKCIOUS_TOKEN}" url=http://gg2.com title=example',
  'http "${DELINKCIOUS_URL}/v1.0/links" "Access-Token: ${DELINKCIOUS_TOKEN}"',
];

/** Shell words: double quotes group, ${NAME} expands (enough for the book's commands). */
function words(command: string, env: Record<string, string>): string[] {
  const expanded = command.replace(/\$\{([A-Z_]+)\}/g, (_m, name: string) => env[name]);
  return [...expanded.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** What HTTPie sends for `http [METHOD] URL Header:value field=value…`: JSON fields, POST when there are any. */
function httpie(argv: string[]): Call {
  const [, ...rest] = argv;
  const method = /^[A-Z]+$/.test(rest[0]) ? rest.shift()! : undefined;
  const [url, ...items] = rest;
  const headers: Record<string, string> = { accept: 'application/json, */*;q=0.5' };
  const fields: Record<string, string> = {};
  for (const item of items) {
    const header = /^([A-Za-z-]+):\s*(.*)$/.exec(item);
    const field = /^([a-z_]+)=(.*)$/.exec(item);
    if (field) fields[field[1]] = field[2];
    else if (header) headers[header[1]] = header[2];
    else throw new Error(`not understood: ${item}`);
  }
  const hasBody = Object.keys(fields).length > 0;
  if (hasBody) headers['content-type'] = 'application/json';
  return {
    method: method ?? (hasBody ? 'POST' : 'GET'),
    url,
    headers,
    body: hasBody ? JSON.stringify(fields) : undefined,
  };
}

/** What curl sends for `curl [-X METHOD] [-H 'Header: value'] [-d data] URL`. */
function curl(argv: string[]): Call {
  const call: Call = { method: 'GET', url: '', headers: { accept: '*/*' } };
  for (let i = 1; i < argv.length; i++) {
    if (argv[i] === '-X') call.method = argv[++i];
    else if (argv[i] === '-H') {
      const [name, ...value] = argv[++i].split(':');
      call.headers[name] = value.join(':').trim();
    } else if (argv[i] === '-d') {
      call.body = argv[++i];
      if (call.method === 'GET') call.method = 'POST';
    } else call.url = argv[i];
  }
  return call;
}

let app: FastifyInstance;
let stop: () => Promise<void>;
let env: Record<string, string>;

beforeEach(async () => {
  ({ app, stop } = await createApiGatewayService(
    loadApiGatewayConfig({ PORT: '0', DEV_LOGIN_ENABLED: 'true', RATE_LIMIT_PER_MINUTE: '1000' }),
    testLogger(),
    fakeBackends(),
  ));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const login = await fetch(`${url}/v1/dev/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'gigi', email: 'gigi@example.com' }),
  });
  env = { DELINKCIOUS_URL: url, DELINKCIOUS_TOKEN: ((await login.json()) as { session: string }).session };
});
afterEach(async () => {
  await stop();
});

async function replay(command: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const argv = words(command, env);
  const call = argv[0] === 'curl' ? curl(argv) : httpie(argv);
  const response = await fetch(call.url, { method: call.method, headers: call.headers, body: call.body });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const urls = (body: Record<string, unknown>) =>
  (body.links as Array<{ url: string }>).map((link) => link.url);

describe("the book's commands, as printed, against the gateway", () => {
  it('lists, adds two links and lists them again, with the Access-Token header on /v1.0/links', async () => {
    const results = [];
    for (const command of BOOK_SESSION) results.push(await replay(command));
    expect(results.map((r) => r.status)).toEqual([200, 201, 201, 200]);
    expect(urls(results[0].body)).toEqual([]);
    expect(results[1].body.link).toMatchObject({ url: 'http://gg.com', title: 'example' });
    expect(urls(results[3].body).sort()).toEqual(['http://gg.com', 'http://gg2.com']);
  });

  it('the book paths and this API agree: what /v1.0 added, /v1 lists with the bearer session', async () => {
    await replay(BOOK_SESSION[1]);
    const listed = await fetch(`${env.DELINKCIOUS_URL}/v1/links`, {
      headers: { authorization: `Bearer ${env.DELINKCIOUS_TOKEN}` },
    });
    expect(urls((await listed.json()) as Record<string, unknown>)).toEqual(['http://gg.com']);
  });

  it("curl with the book's header; the book's query names and its comma-separated tags", async () => {
    await replay(BOOK_SESSION[1]);
    const tagged = await replay(
      'http POST "${DELINKCIOUS_URL}/v1.0/links" "Access-Token: ${DELINKCIOUS_TOKEN}" url=http://gg2.com title=example tags=k8s,go',
    );
    expect(tagged.body.link).toMatchObject({ tags: ['k8s', 'go'] });
    const found = await replay(
      'http "${DELINKCIOUS_URL}/v1.0/links?url_regex=gg2" "Access-Token: ${DELINKCIOUS_TOKEN}"',
    );
    expect(urls(found.body)).toEqual(['http://gg2.com']);

    const listed = await replay('curl -H "Access-Token: ${DELINKCIOUS_TOKEN}" ${DELINKCIOUS_URL}/v1.0/links');
    expect(urls(listed.body).sort()).toEqual(['http://gg.com', 'http://gg2.com']);
    const deleted = await replay(
      'curl -X DELETE -H "Access-Token: ${DELINKCIOUS_TOKEN}" "${DELINKCIOUS_URL}/v1.0/links?url=http://gg.com"',
    );
    expect(deleted.status).toBe(204);
    const after = await replay('curl -H "Access-Token: ${DELINKCIOUS_TOKEN}" ${DELINKCIOUS_URL}/v1.0/links');
    expect(urls(after.body)).toEqual(['http://gg2.com']);
  });

  it('a wrong or missing token is refused as on /v1, and a bearer session is not overridden', async () => {
    const wrong = await replay('http "${DELINKCIOUS_URL}/v1.0/links" "Access-Token: not-a-session"');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
    expect((await replay('curl ${DELINKCIOUS_URL}/v1.0/links')).status).toBe(401);
    const both = await fetch(`${env.DELINKCIOUS_URL}/v1/links`, {
      headers: { authorization: `Bearer ${env.DELINKCIOUS_TOKEN}`, 'access-token': 'not-a-session' },
    });
    expect(both.status).toBe(200);
    const bad = await replay(
      'http POST "${DELINKCIOUS_URL}/v1.0/links" "Access-Token: ${DELINKCIOUS_TOKEN}" title=no-url',
    );
    expect(bad.status).toBe(400);
    expect(urls((await replay(BOOK_SESSION[0])).body)).toEqual([]);
  });
});
