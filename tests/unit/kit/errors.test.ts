import {
  AlreadyExistsError,
  DeadlineExceededError,
  DomainError,
  ERROR_CODES,
  HeadersTooLargeError,
  InternalError,
  InvalidArgumentError,
  LimitExceededError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitedError,
  UnauthenticatedError,
  UnavailableError,
  UnsupportedMediaTypeError,
  errorBodySchema,
  errorFromCode,
  isErrorCode,
  type ErrorCode,
} from '../../../pkg/kit';

const CLASS_OF: Record<ErrorCode, new (message: string) => DomainError> = {
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

describe('domain errors', () => {
  it.each(ERROR_CODES)('rebuilds %s as its own class, named after it, with the message sent', (code) => {
    const error = errorFromCode(code, 'why it failed');
    expect(error).toBeInstanceOf(CLASS_OF[code]);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toBeInstanceOf(Error);
    expect([error.code, error.message, error.name]).toEqual([code, 'why it failed', CLASS_OF[code].name]);
  });

  it.each([
    [UnauthenticatedError, 'authentication required'],
    [PermissionDeniedError, 'permission denied'],
    [PayloadTooLargeError, 'request body too large'],
    [RateLimitedError, 'too many requests'],
    [MethodNotAllowedError, 'method not allowed'],
    [UnsupportedMediaTypeError, 'unsupported media type'],
    [HeadersTooLargeError, 'request headers too large'],
    [InternalError, 'internal error'],
  ])('gives %p the default message "%s"', (ErrorClass, message) => {
    expect(new (ErrorClass as new () => DomainError)().message).toBe(message);
  });

  it('names a subclass of a domain error after the subclass', () => {
    class LinkNotFoundError extends NotFoundError {}
    expect(new LinkNotFoundError('no such link').name).toBe('LinkNotFoundError');
  });
});

describe('isErrorCode', () => {
  it.each(ERROR_CODES)('knows %s', (code) => {
    expect(isErrorCode(code)).toBe(true);
  });

  it.each([['not_found'], ['TEAPOT'], [''], [undefined], [404], [['NOT_FOUND']], [{ code: 'NOT_FOUND' }]])(
    'refuses %p',
    (value) => {
      expect(isErrorCode(value)).toBe(false);
    },
  );
});

describe('errorBodySchema', () => {
  it('accepts the SPEC body and refuses an unknown code or a missing message', () => {
    expect(errorBodySchema.safeParse({ error: { code: 'NOT_FOUND', message: 'gone' } }).success).toBe(true);
    expect(errorBodySchema.safeParse({ error: { code: 'TEAPOT', message: 'gone' } }).success).toBe(false);
    expect(errorBodySchema.safeParse({ error: { code: 'NOT_FOUND' } }).success).toBe(false);
  });
});
