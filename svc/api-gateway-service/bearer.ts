import type { FastifyRequest } from 'fastify';
import { UnauthenticatedError } from '../../pkg/object-model';

const BEARER = /^Bearer ([A-Za-z0-9_-]{1,200})$/;

/** The session token of `Authorization: Bearer <session>`, if the request carries a well-formed one. */
export function presentedBearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
}

/** The session token of `Authorization: Bearer <session>`. */
export function bearerToken(request: FastifyRequest): string {
  const token = presentedBearer(request);
  if (token === undefined) throw new UnauthenticatedError('Authorization: Bearer <session> is required');
  return token;
}
