import {
  GRPC_STATUS_OF,
  HTTP_STATUS_OF,
  codeOfGrpcStatus,
  codeOfHttpStatus,
  errorBody,
  toErrorBody,
} from '../../../pkg/kit';
import { ERROR_CODES, InternalError, errorFromCode, type ErrorCode } from '../../../pkg/object-model';

const SPEC_HTTP: Record<ErrorCode, number> = {
  INVALID_ARGUMENT: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  PAYLOAD_TOO_LARGE: 413,
  LIMIT_EXCEEDED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
  METHOD_NOT_ALLOWED: 405,
  UNSUPPORTED_MEDIA_TYPE: 415,
  HEADERS_TOO_LARGE: 431,
};
// grpc.status numbers: the standard meaning of each.
const GRPC: Record<ErrorCode, number> = {
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RATE_LIMITED: 8,
  LIMIT_EXCEEDED: 9,
  PAYLOAD_TOO_LARGE: 11,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
  // HTTP-only refusals reuse the nearest standard status (listed after the code that owns it).
  METHOD_NOT_ALLOWED: 3,
  UNSUPPORTED_MEDIA_TYPE: 3,
  HEADERS_TOO_LARGE: 8,
};

describe('error codes on the wire', () => {
  it('give each code its SPEC HTTP status and its gRPC status', () => {
    expect(HTTP_STATUS_OF).toEqual(SPEC_HTTP);
    expect(GRPC_STATUS_OF).toEqual(GRPC);
  });

  // The HTTP-only refusals (405, 415, 431) come from the framework in front of a route, never
  // from a service's answer, and share their gRPC status with an older code: no read-back.
  const HTTP_ONLY: ErrorCode[] = ['METHOD_NOT_ALLOWED', 'UNSUPPORTED_MEDIA_TYPE', 'HEADERS_TOO_LARGE'];
  it.each(ERROR_CODES.filter((code) => !HTTP_ONLY.includes(code)))(
    'read HTTP and gRPC statuses back as %s',
    (code) => {
      expect(codeOfHttpStatus(SPEC_HTTP[code])).toBe(code);
      expect(codeOfGrpcStatus(GRPC[code])).toBe(code);
    },
  );

  it.each([
    [502, 'UNAVAILABLE'],
    [501, 'INTERNAL'],
    [599, 'INTERNAL'],
    [499, 'INVALID_ARGUMENT'],
    [418, 'INVALID_ARGUMENT'],
  ])('read HTTP %i without an error body as the nearest code, %s', (status, code) => {
    expect(codeOfHttpStatus(status)).toBe(code);
  });

  it.each([0, 1, 2, 10, 12, 15, 99])('read gRPC status %i, which no code uses, as INTERNAL', (status) => {
    expect(codeOfGrpcStatus(status)).toBe('INTERNAL');
  });
});

describe('toErrorBody', () => {
  it.each(ERROR_CODES.filter((code) => code !== 'INTERNAL'))(
    'sends a %s error with its status, code and message',
    (code) => {
      expect(toErrorBody(errorFromCode(code, 'why it failed'))).toEqual({
        status: SPEC_HTTP[code],
        body: { error: { code, message: 'why it failed' } },
      });
    },
  );

  it.each([
    ['an INTERNAL domain error', new InternalError('password authentication failed for user "links"')],
    ['a plain Error', new Error('ECONNRESET 10.0.0.7:5432')],
    ['a thrown string', 'SELECT * FROM links'],
  ])('never sends the message of %s: 500 internal error', (_what, error) => {
    expect(toErrorBody(error)).toEqual({
      status: 500,
      body: { error: { code: 'INTERNAL', message: 'internal error' } },
    });
  });

  it('builds the SPEC body', () => {
    expect(errorBody('NOT_FOUND', 'no such link')).toEqual({
      error: { code: 'NOT_FOUND', message: 'no such link' },
    });
  });
});
