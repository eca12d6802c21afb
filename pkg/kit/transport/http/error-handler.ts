import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody, toErrorBody } from '../../error-codes';
import type { ErrorCode } from '../../errors';

/** fastify's own 4xx errors (validation, bad JSON, body too large, …) in the SPEC's error body. */
function frameworkError(
  error: FastifyError,
): { status: number; code: ErrorCode; message: string } | undefined {
  if (error.validation) {
    const where = error.validationContext ? `${error.validationContext} ` : '';
    const first = error.validation[0];
    const path = first?.instancePath ? first.instancePath.replace(/^\//, '').replace(/\//g, '.') + ' ' : '';
    return {
      status: 400,
      code: 'INVALID_ARGUMENT',
      message: `${where}${path}${first?.message ?? 'is invalid'}`.trim(),
    };
  }
  const status = error.statusCode;
  if (status === undefined || status >= 500 || status < 400) return undefined;
  if (status === 413) return { status, code: 'PAYLOAD_TOO_LARGE', message: 'request body too large' };
  if (status === 429) return { status, code: 'RATE_LIMITED', message: error.message };
  if (status === 404) return { status, code: 'NOT_FOUND', message: error.message };
  return { status: 400, code: 'INVALID_ARGUMENT', message: error.message };
}

/** The single place where every error of an HTTP server becomes the SPEC's error body. */
export function handleHttpError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const known = frameworkError(error);
  if (known) {
    void reply.code(known.status).send(errorBody(known.code, known.message));
    return;
  }
  const { status, body } = toErrorBody(error);
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  void reply.code(status).send(body);
}
