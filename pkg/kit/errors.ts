import { z } from 'zod';

/**
 * Errors with a code. Every layer throws these; transports translate them to wire
 * statuses in exactly one table (pkg/kit/error-codes.ts) and clients translate
 * them back, so a caller sees the same class whether the service is local or remote.
 */
export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'UNAUTHENTICATED',
  'PERMISSION_DENIED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PAYLOAD_TOO_LARGE',
  'LIMIT_EXCEEDED',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'DEADLINE_EXCEEDED',
  'METHOD_NOT_ALLOWED',
  'UNSUPPORTED_MEDIA_TYPE',
  'HEADERS_TOO_LARGE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidArgumentError extends DomainError {
  constructor(message: string) {
    super('INVALID_ARGUMENT', message);
  }
}
export class UnauthenticatedError extends DomainError {
  constructor(message = 'authentication required') {
    super('UNAUTHENTICATED', message);
  }
}
export class PermissionDeniedError extends DomainError {
  constructor(message = 'permission denied') {
    super('PERMISSION_DENIED', message);
  }
}
export class NotFoundError extends DomainError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}
export class AlreadyExistsError extends DomainError {
  constructor(message: string) {
    super('ALREADY_EXISTS', message);
  }
}
export class PayloadTooLargeError extends DomainError {
  constructor(message = 'request body too large') {
    super('PAYLOAD_TOO_LARGE', message);
  }
}
export class LimitExceededError extends DomainError {
  constructor(message: string) {
    super('LIMIT_EXCEEDED', message);
  }
}
export class RateLimitedError extends DomainError {
  constructor(message = 'too many requests') {
    super('RATE_LIMITED', message);
  }
}
export class UnavailableError extends DomainError {
  constructor(message: string) {
    super('UNAVAILABLE', message);
  }
}
export class DeadlineExceededError extends DomainError {
  constructor(message: string) {
    super('DEADLINE_EXCEEDED', message);
  }
}
export class MethodNotAllowedError extends DomainError {
  constructor(message = 'method not allowed') {
    super('METHOD_NOT_ALLOWED', message);
  }
}
export class UnsupportedMediaTypeError extends DomainError {
  constructor(message = 'unsupported media type') {
    super('UNSUPPORTED_MEDIA_TYPE', message);
  }
}
export class HeadersTooLargeError extends DomainError {
  constructor(message = 'request headers too large') {
    super('HEADERS_TOO_LARGE', message);
  }
}
export class InternalError extends DomainError {
  constructor(message = 'internal error') {
    super('INTERNAL', message);
  }
}

const ERROR_CLASSES: Record<ErrorCode, new (message: string) => DomainError> = {
  INVALID_ARGUMENT: InvalidArgumentError,
  UNAUTHENTICATED: UnauthenticatedError,
  PERMISSION_DENIED: PermissionDeniedError,
  NOT_FOUND: NotFoundError,
  ALREADY_EXISTS: AlreadyExistsError,
  PAYLOAD_TOO_LARGE: PayloadTooLargeError,
  LIMIT_EXCEEDED: LimitExceededError,
  RATE_LIMITED: RateLimitedError,
  UNAVAILABLE: UnavailableError,
  DEADLINE_EXCEEDED: DeadlineExceededError,
  METHOD_NOT_ALLOWED: MethodNotAllowedError,
  UNSUPPORTED_MEDIA_TYPE: UnsupportedMediaTypeError,
  HEADERS_TOO_LARGE: HeadersTooLargeError,
  INTERNAL: InternalError,
};

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Rebuilds the domain error class for a code received over the wire. */
export function errorFromCode(code: ErrorCode, message: string): DomainError {
  return new ERROR_CLASSES[code](message);
}

/** The one error body of every service: `{ "error": { "code", "message" } }`. */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES).meta({ description: 'What went wrong, as a stable code.' }),
      message: z.string().meta({ description: 'A human-readable explanation.' }),
    }),
  })
  .meta({
    id: 'Error',
    description: 'The body of every error response.',
    examples: [{ error: { code: 'INVALID_ARGUMENT', message: 'querystring limit must be <= 100' } }],
  });

export type ErrorBody = z.infer<typeof errorBodySchema>;
