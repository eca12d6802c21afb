import { rawRequest, type RawResponse } from './raw-http';

export interface ErrorBodyProbes {
  /** The server's base URL, once it listens. */
  base: () => string;
  /** A route taking a JSON body. */
  jsonRoute: { method: 'POST' | 'PUT'; path: string };
  /** A path served only by these methods, and one it does not answer. */
  getOnlyPath: { path: string; allow: string; wrongMethod: string };
  /** A request head (line and headers) this server answers 403, if it has one. */
  forbidden?: string;
  /** Bigger than the server's body limit. */
  tooLargeBody: number;
}

function expectErrorBody(response: RawResponse, status: number, code: string): void {
  expect({ status: response.status, contentType: response.headers['content-type'] }).toEqual({
    status,
    contentType: 'application/json; charset=utf-8',
  });
  const body = JSON.parse(response.body);
  expect(body).toEqual({ error: { code, message: expect.any(String) } });
  expect(body.error.message.length).toBeGreaterThan(0);
}

/** Every refusal a server makes, from its parser up, in the SPEC's error body with its own status. */
export function describeErrorBodies(name: string, probes: ErrorBodyProbes): void {
  const json = (extra = '') =>
    `${probes.jsonRoute.method} ${probes.jsonRoute.path} HTTP/1.1\r\nContent-Type: application/json${extra}`;

  describe(`${name}: every error in the SPEC's error body`, () => {
    it('400 INVALID_ARGUMENT for bad JSON, an empty JSON body and a bad percent-escape in the URL', async () => {
      expectErrorBody(await rawRequest(probes.base(), json(), '{"bad'), 400, 'INVALID_ARGUMENT');
      expectErrorBody(await rawRequest(probes.base(), json(), ''), 400, 'INVALID_ARGUMENT');
      expectErrorBody(
        await rawRequest(probes.base(), `GET ${probes.getOnlyPath.path}% HTTP/1.1`),
        400,
        'INVALID_ARGUMENT',
      );
    });

    it('404 NOT_FOUND for an unknown path', async () => {
      expectErrorBody(await rawRequest(probes.base(), 'GET /no/such/route HTTP/1.1'), 404, 'NOT_FOUND');
      expectErrorBody(await rawRequest(probes.base(), 'DELETE /v1/nope HTTP/1.1'), 404, 'NOT_FOUND');
    });

    it('405 METHOD_NOT_ALLOWED with Allow for a path that answers other methods, and for an unknown method', async () => {
      const { path, allow, wrongMethod } = probes.getOnlyPath;
      const wrong = await rawRequest(probes.base(), `${wrongMethod} ${path} HTTP/1.1`);
      expectErrorBody(wrong, 405, 'METHOD_NOT_ALLOWED');
      expect(wrong.headers.allow).toBe(allow);
      expectErrorBody(await rawRequest(probes.base(), `FROB ${path} HTTP/1.1`), 405, 'METHOD_NOT_ALLOWED');
    });

    it('415 UNSUPPORTED_MEDIA_TYPE for a body that is not JSON, text/plain included', async () => {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
        const head = `${probes.jsonRoute.method} ${probes.jsonRoute.path} HTTP/1.1\r\nContent-Type: ${type}`;
        expectErrorBody(await rawRequest(probes.base(), head, 'a=1'), 415, 'UNSUPPORTED_MEDIA_TYPE');
      }
    });

    it('413 PAYLOAD_TOO_LARGE for a body over the limit', async () => {
      const body = JSON.stringify({ pad: 'x'.repeat(probes.tooLargeBody) });
      expectErrorBody(await rawRequest(probes.base(), json(), body), 413, 'PAYLOAD_TOO_LARGE');
    });

    it('431 HEADERS_TOO_LARGE for headers over Node’s limit', async () => {
      const head = `GET ${probes.getOnlyPath.path} HTTP/1.1\r\nX-Pad: ${'x'.repeat(20_000)}`;
      expectErrorBody(await rawRequest(probes.base(), head), 431, 'HEADERS_TOO_LARGE');
    });

    if (probes.forbidden) {
      const forbidden = probes.forbidden;
      it('403 PERMISSION_DENIED, not 400', async () => {
        expectErrorBody(await rawRequest(probes.base(), forbidden), 403, 'PERMISSION_DENIED');
      });
    }
  });
}
