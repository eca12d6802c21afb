import { isServerFault, outcomeOf } from '../../../pkg/kit';
import {
  DeadlineExceededError,
  InternalError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitedError,
  UnauthenticatedError,
  UnavailableError,
} from '../../../pkg/object-model';

describe('outcomeOf', () => {
  it('is ok for a call that did not fail', () => {
    expect(outcomeOf(undefined)).toBe('ok');
  });

  it('is the code of a domain error', () => {
    expect(outcomeOf(new NotFoundError('no such link'))).toBe('NOT_FOUND');
    expect(outcomeOf(new RateLimitedError())).toBe('RATE_LIMITED');
  });

  it.each([
    ['a plain Error', new Error('boom')],
    ['a thrown string', 'boom'],
    ['null', null],
  ])('is INTERNAL for %s', (_what, error) => {
    expect(outcomeOf(error)).toBe('INTERNAL');
  });
});

describe('isServerFault', () => {
  it.each([
    ['INTERNAL', new InternalError()],
    ['an unexpected error', new TypeError('boom')],
    ['UNAVAILABLE', new UnavailableError('db down')],
    ['DEADLINE_EXCEEDED', new DeadlineExceededError('too slow')],
  ])('is true for %s', (_what, error) => {
    expect(isServerFault(error)).toBe(true);
  });

  it.each([
    ['success', undefined],
    ['INVALID_ARGUMENT', new InvalidArgumentError('bad url')],
    ['UNAUTHENTICATED', new UnauthenticatedError()],
    ['PERMISSION_DENIED', new PermissionDeniedError()],
    ['NOT_FOUND', new NotFoundError('gone')],
    ['RATE_LIMITED', new RateLimitedError()],
  ])('is false for %s, the caller’s doing', (_what, error) => {
    expect(isServerFault(error)).toBe(false);
  });
});
