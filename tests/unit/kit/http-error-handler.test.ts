import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { handleClientError, handleHttpError } from '../../../pkg/kit/transport/http/error-handler';
import {
  InternalError,
  NotFoundError,
  PermissionDeniedError,
  UnavailableError,
} from '../../../pkg/object-model';

/** What handleHttpError answered, and what it logged as a failure of the server. */
function answer(error: unknown) {
  const sent: { status?: number; body?: unknown } = {};
  const logged: unknown[] = [];
  const reply = {
    code(status: number) {
      sent.status = status;
      return this;
    },
    send(body: unknown) {
      sent.body = body;
      return this;
    },
  };
  const request = { log: { error: (...args: unknown[]) => logged.push(args) } };
  handleHttpError(
    error as FastifyError,
    request as unknown as FastifyRequest,
    reply as unknown as FastifyReply,
  );
  return { ...sent, logged };
}

/** An error as fastify raises it: a message with a status, and maybe validation details. */
function fastifyError(message: string, fields: Partial<FastifyError>): FastifyError {
  return Object.assign(new Error(message), fields) as FastifyError;
}

function validationError(
  context: FastifyError['validationContext'],
  issues: Array<{ instancePath: string; message?: string }>,
): FastifyError {
  return fastifyError('validation failed', {
    statusCode: 400,
    validationContext: context,
    validation: issues.map((issue) => ({ keyword: 'x', schemaPath: '#', params: {}, ...issue })),
  });
}

describe('handleHttpError: request validation', () => {
  it('names the request part, the field and the first issue', () => {
    expect(answer(validationError('body', [{ instancePath: '/n', message: 'must be a number' }]))).toEqual({
      status: 400,
      body: { error: { code: 'INVALID_ARGUMENT', message: 'body n must be a number' } },
      logged: [],
    });
  });

  it('writes a nested field as a dotted path', () => {
    const error = validationError('querystring', [
      { instancePath: '/filter/tags/0', message: 'too long' },
      { instancePath: '/other', message: 'second issue, not shown' },
    ]);
    expect(answer(error).body).toEqual({
      error: { code: 'INVALID_ARGUMENT', message: 'querystring filter.tags.0 too long' },
    });
  });

  it('leaves out the field of an issue about the whole part', () => {
    expect(
      answer(validationError('params', [{ instancePath: '', message: 'is not an object' }])).body,
    ).toEqual({ error: { code: 'INVALID_ARGUMENT', message: 'params is not an object' } });
  });

  it('leaves out the part when fastify names none', () => {
    expect(answer(validationError(undefined, [{ instancePath: '/n', message: 'is required' }])).body).toEqual(
      {
        error: { code: 'INVALID_ARGUMENT', message: 'n is required' },
      },
    );
  });

  it('ends the message without a space when the issue’s own message is empty', () => {
    expect(answer(validationError('body', [{ instancePath: '/n', message: '' }])).body).toEqual({
      error: { code: 'INVALID_ARGUMENT', message: 'body n' },
    });
  });

  it('says "is invalid" when there is no issue to quote', () => {
    expect(answer(validationError('body', [])).body).toEqual({
      error: { code: 'INVALID_ARGUMENT', message: 'body is invalid' },
    });
    expect(answer(validationError(undefined, [{ instancePath: '' }])).body).toEqual({
      error: { code: 'INVALID_ARGUMENT', message: 'is invalid' },
    });
  });
});

describe('handleHttpError: the framework’s own refusals', () => {
  it.each([
    [400, 'INVALID_ARGUMENT'],
    [403, 'PERMISSION_DENIED'],
    [404, 'NOT_FOUND'],
    [415, 'UNSUPPORTED_MEDIA_TYPE'],
    [408, 'DEADLINE_EXCEEDED'],
    [414, 'PAYLOAD_TOO_LARGE'],
    [406, 'INVALID_ARGUMENT'],
    [499, 'INVALID_ARGUMENT'],
  ])('keeps status %i and its message, as %s', (status, code) => {
    expect(answer(fastifyError('why it was refused', { statusCode: status }))).toEqual({
      status,
      body: { error: { code, message: 'why it was refused' } },
      logged: [],
    });
  });

  it('answers 413 with its own message, not the framework’s', () => {
    expect(
      answer(fastifyError('FST_ERR_CTP_BODY_TOO_LARGE: 1048577 > 1048576', { statusCode: 413 })),
    ).toEqual({
      status: 413,
      body: { error: { code: 'PAYLOAD_TOO_LARGE', message: 'request body too large' } },
      logged: [],
    });
  });

  it.each([500, 502, 503, 399, 302])(
    'hides an error carrying status %i (not a 4xx) behind a bare, logged 500',
    (status) => {
      const result = answer(fastifyError('connect ECONNREFUSED 10.0.0.7:5432', { statusCode: status }));
      expect(result.status).toBe(500);
      expect(result.body).toEqual({ error: { code: 'INTERNAL', message: 'internal error' } });
      expect(result.logged).toHaveLength(1);
    },
  );
});

describe('handleHttpError: errors from a route', () => {
  it('sends a domain error with its status and message, unlogged', () => {
    expect(answer(new NotFoundError('no such link'))).toEqual({
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: 'no such link' } },
      logged: [],
    });
    expect(answer(new PermissionDeniedError()).status).toBe(403);
  });

  it('sends UNAVAILABLE as 503 with its message, and logs it as the server’s failure', () => {
    const result = answer(new UnavailableError('user-service is unavailable'));
    expect([result.status, result.body]).toEqual([
      503,
      { error: { code: 'UNAVAILABLE', message: 'user-service is unavailable' } },
    ]);
    expect(result.logged).toHaveLength(1);
  });

  it.each([
    ['an INTERNAL domain error', new InternalError('password authentication failed for user "links"')],
    ['a plain Error', new Error('secret at db.ts:12')],
  ])('never sends the message of %s, and logs the error itself', (_what, error) => {
    const result = answer(error);
    expect([result.status, result.body]).toEqual([
      500,
      { error: { code: 'INTERNAL', message: 'internal error' } },
    ]);
    expect(result.logged).toEqual([[{ err: error }, 'request failed']]);
  });
});

/** A socket that records what handleClientError writes to it and whether it is destroyed. */
function fakeSocket(state: { destroyed?: boolean; writable?: boolean } = {}) {
  const socket = {
    destroyed: state.destroyed ?? false,
    writable: state.writable ?? true,
    written: [] as string[],
    destroyedWith: undefined as unknown,
    write(text: string) {
      this.written.push(text);
      return true;
    },
    destroy(error?: unknown) {
      this.destroyedWith = error;
      this.destroyed = true;
    },
  };
  return socket;
}

function parserError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`parser: ${code}`), { code });
}

function clientError(code: string) {
  const socket = fakeSocket();
  const error = parserError(code);
  handleClientError(error, socket as unknown as Socket);
  return { socket, error };
}

describe('handleClientError: what Node’s parser refuses', () => {
  it.each([
    [
      'HPE_HEADER_OVERFLOW',
      431,
      'Request Header Fields Too Large',
      'HEADERS_TOO_LARGE',
      'request headers too large',
    ],
    [
      'ERR_HTTP_REQUEST_TIMEOUT',
      408,
      'Request Timeout',
      'DEADLINE_EXCEEDED',
      'the request took too long to arrive',
    ],
    ['HPE_INVALID_METHOD', 405, 'Method Not Allowed', 'METHOD_NOT_ALLOWED', 'unknown HTTP method'],
    ['HPE_INVALID_CHUNK_SIZE', 400, 'Bad Request', 'INVALID_ARGUMENT', 'malformed HTTP request'],
  ])(
    'answers %s with a whole %i response in the SPEC body, then closes',
    (code, status, reason, errorCode, message) => {
      const { socket, error } = clientError(code);
      const body = JSON.stringify({ error: { code: errorCode, message } });
      expect(socket.written).toEqual([
        `HTTP/1.1 ${status} ${reason}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
          `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
      ]);
      expect(socket.destroyed).toBe(true);
      expect(socket.destroyedWith).toBe(error);
    },
  );

  it('writes nothing to a connection the peer reset, and leaves it to Node', () => {
    const { socket } = clientError('ECONNRESET');
    expect(socket.written).toEqual([]);
    expect(socket.destroyed).toBe(false);
  });

  it('writes nothing to a socket already destroyed', () => {
    const socket = fakeSocket({ destroyed: true });
    handleClientError(parserError('HPE_HEADER_OVERFLOW'), socket as unknown as Socket);
    expect(socket.written).toEqual([]);
    expect(socket.destroyedWith).toBeUndefined();
  });

  it('only destroys a socket that can no longer be written to', () => {
    const socket = fakeSocket({ writable: false });
    const error = parserError('HPE_HEADER_OVERFLOW');
    handleClientError(error, socket as unknown as Socket);
    expect(socket.written).toEqual([]);
    expect(socket.destroyedWith).toBe(error);
  });
});
