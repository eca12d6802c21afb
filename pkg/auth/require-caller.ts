import type { FastifyRequest } from 'fastify';
import { PermissionDeniedError, UnauthenticatedError } from '../kit/errors';
import { CALLER_TOKEN_HEADER, type CallerTokenVerifier } from './caller-tokens';

/** A route's `authenticate` hook for trusted-only calls: 401 without a token, 403 for a wrong or unlisted one. */
export function requireCaller(verifier: CallerTokenVerifier, allowedCallers: string[]) {
  return (request: FastifyRequest): string => {
    const token = request.headers[CALLER_TOKEN_HEADER];
    if (typeof token !== 'string' || token === '') throw new UnauthenticatedError('caller token required');
    const caller = verifier.identify(token);
    if (!caller) throw new PermissionDeniedError('unknown caller token');
    if (!allowedCallers.includes(caller)) throw new PermissionDeniedError(`${caller} may not call this`);
    return caller;
  };
}
