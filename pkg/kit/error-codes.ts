import { DomainError, type ErrorBody, type ErrorCode } from './errors';

/** The one place where domain error codes meet wire statuses. */
export const HTTP_STATUS_OF: Record<ErrorCode, number> = {
  INVALID_ARGUMENT: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  PAYLOAD_TOO_LARGE: 413,
  LIMIT_EXCEEDED: 422,
  RATE_LIMITED: 429,
  METHOD_NOT_ALLOWED: 405,
  UNSUPPORTED_MEDIA_TYPE: 415,
  HEADERS_TOO_LARGE: 431,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
};

/** gRPC status numbers (grpc.status) for the same codes. */
export const GRPC_STATUS_OF: Record<ErrorCode, number> = {
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
  // HTTP-only refusals. The code itself travels in the error trailer, so sharing a status is
  // fine; listed last, so a foreign peer's bare status still maps to the codes above.
  METHOD_NOT_ALLOWED: 3,
  UNSUPPORTED_MEDIA_TYPE: 3,
  HEADERS_TOO_LARGE: 8,
};

/** For a status with no error body (a proxy's 502, say): the nearest code. */
export function codeOfHttpStatus(status: number): ErrorCode {
  const exact = (Object.keys(HTTP_STATUS_OF) as ErrorCode[]).find((code) => HTTP_STATUS_OF[code] === status);
  if (exact) return exact;
  if (status >= 500) return status === 502 || status === 504 ? 'UNAVAILABLE' : 'INTERNAL';
  return 'INVALID_ARGUMENT';
}

export function codeOfGrpcStatus(status: number): ErrorCode {
  const exact = (Object.keys(GRPC_STATUS_OF) as ErrorCode[]).find((code) => GRPC_STATUS_OF[code] === status);
  return exact ?? 'INTERNAL';
}

export function errorBody(code: ErrorCode, message: string): ErrorBody {
  return { error: { code, message } };
}

/** Domain errors keep their code and message; anything internal is reported with no details. */
export function toErrorBody(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof DomainError && error.code !== 'INTERNAL') {
    return { status: HTTP_STATUS_OF[error.code], body: errorBody(error.code, error.message) };
  }
  return { status: 500, body: errorBody('INTERNAL', 'internal error') };
}
