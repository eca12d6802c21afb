import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { codeOfHttpStatus, errorBody, toErrorBody } from '../../error-codes';
import type { ErrorCode } from '../../errors';

/** The code a framework status stands for; a status the table lacks (408, 414, …) keeps its own number. */
function frameworkCode(status: number): ErrorCode {
  if (status === 408) return 'DEADLINE_EXCEEDED';
  if (status === 414) return 'PAYLOAD_TOO_LARGE';
  return codeOfHttpStatus(status);
}

/** fastify's own 4xx errors (validation, bad JSON, bad URL, media type, body too large, …) in the SPEC's error body. */
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
  // The status stays what fastify (or a plugin) chose: a 415 or a 403 is not a caller's bad argument.
  return { status, code: frameworkCode(status), message: error.message };
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

/** What Node's HTTP parser refuses before fastify sees a request, with the status it deserves. */
function clientErrorStatus(error: NodeJS.ErrnoException): {
  status: number;
  code: ErrorCode;
  message: string;
} {
  if (error.code === 'HPE_HEADER_OVERFLOW')
    return { status: 431, code: 'HEADERS_TOO_LARGE', message: 'request headers too large' };
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return { status: 408, code: 'DEADLINE_EXCEEDED', message: 'the request took too long to arrive' };
  if (error.code === 'HPE_INVALID_METHOD')
    return { status: 405, code: 'METHOD_NOT_ALLOWED', message: 'unknown HTTP method' };
  return { status: 400, code: 'INVALID_ARGUMENT', message: 'malformed HTTP request' };
}

/**
 * Node's answer to a request its parser refuses (headers too large, an unknown method, bad
 * framing): the SPEC's error body instead of fastify's own, written straight to the socket
 * since no request object exists yet.
 */
export function handleClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, code, message } = clientErrorStatus(error);
  const body = JSON.stringify(errorBody(code, message));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
