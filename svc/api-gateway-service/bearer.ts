import type { FastifyRequest } from 'fastify';
import { UnauthenticatedError } from '../../pkg/object-model';

/** The session token of `Authorization: Bearer <session>`. */
export function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(header) : null;
  if (!match) throw new UnauthenticatedError('Authorization: Bearer <session> is required');
  return match[1];
}
