import * as grpc from '@grpc/grpc-js';
import { ERROR_CODE_TRAILER, GRPC_STATUS_OF, fromGrpcError, toGrpcStatus } from '../../../pkg/kit';
import {
  ERROR_CODES,
  InternalError,
  NotFoundError,
  PermissionDeniedError,
  UnavailableError,
  errorFromCode,
} from '../../../pkg/object-model';

function serviceError(code: grpc.status, details: string, trailer?: string): grpc.ServiceError {
  const metadata = new grpc.Metadata();
  if (trailer) metadata.set(ERROR_CODE_TRAILER, trailer);
  return Object.assign(new Error(details), { code, details, metadata });
}

describe('gRPC error mapping', () => {
  it.each(ERROR_CODES.filter((code) => code !== 'INTERNAL'))(
    'sends %s with its status from the one table',
    (code) => {
      const status = toGrpcStatus(errorFromCode(code, 'why'));
      expect(status).toMatchObject({ code: GRPC_STATUS_OF[code], details: 'why' });
      expect(status.metadata?.get(ERROR_CODE_TRAILER)).toEqual([code]);
    },
  );

  it('sends INTERNAL, and anything unknown, without details', () => {
    for (const error of [new InternalError('db password wrong'), new Error('boom'), 'a string']) {
      expect(toGrpcStatus(error)).toMatchObject({ code: grpc.status.INTERNAL, details: 'internal error' });
    }
  });

  it('rebuilds the domain class from the trailer', () => {
    const error = fromGrpcError(serviceError(grpc.status.NOT_FOUND, 'no such user', 'NOT_FOUND'), 'svc', 100);
    expect(error).toEqual(new NotFoundError('no such user'));
  });

  it('maps a foreign peer’s status (no trailer) through the table, without its details', () => {
    const error = fromGrpcError(serviceError(grpc.status.PERMISSION_DENIED, 'proxy says no'), 'svc', 100);
    expect(error).toEqual(new PermissionDeniedError('svc answered PERMISSION_DENIED'));
    expect(fromGrpcError(serviceError(grpc.status.UNIMPLEMENTED, 'nope'), 'svc', 100)).toBeInstanceOf(
      InternalError,
    );
  });

  it('reports transport failures as UNAVAILABLE', () => {
    expect(fromGrpcError(serviceError(grpc.status.UNAVAILABLE, 'connect ECONNREFUSED'), 'svc', 100)).toEqual(
      new UnavailableError('svc is unavailable (unreachable)'),
    );
    expect(fromGrpcError(serviceError(grpc.status.DEADLINE_EXCEEDED, 'deadline'), 'svc', 100)).toEqual(
      new UnavailableError('svc is unavailable (no answer within 100 ms)'),
    );
  });
});

describe('gRPC error mapping: the edges', () => {
  it('sends the error code trailer as INTERNAL for anything unknown', () => {
    expect(toGrpcStatus(new Error('boom')).metadata?.get(ERROR_CODE_TRAILER)).toEqual(['INTERNAL']);
    expect(toGrpcStatus(new InternalError('db password wrong')).metadata?.get(ERROR_CODE_TRAILER)).toEqual([
      'INTERNAL',
    ]);
  });

  it('reads an INTERNAL trailer back as InternalError, with the details the server chose to send', () => {
    const error = fromGrpcError(serviceError(grpc.status.INTERNAL, 'internal error', 'INTERNAL'), 'svc', 100);
    expect(error).toEqual(new InternalError('internal error'));
  });

  it('ignores a trailer that names no code, reading the status instead', () => {
    const error = fromGrpcError(serviceError(grpc.status.NOT_FOUND, 'gone', 'NOT_A_CODE'), 'svc', 100);
    expect(error).toEqual(new NotFoundError('svc answered NOT_FOUND'));
  });

  it('reads an error without metadata by its status', () => {
    const bare = Object.assign(new Error('gone'), { code: grpc.status.NOT_FOUND, details: 'gone' });
    expect(fromGrpcError(bare as grpc.ServiceError, 'svc', 100)).toEqual(
      new NotFoundError('svc answered NOT_FOUND'),
    );
  });

  it('reports a cancelled call as UNAVAILABLE', () => {
    expect(fromGrpcError(serviceError(grpc.status.CANCELLED, 'cancelled'), 'svc', 100)).toEqual(
      new UnavailableError('svc is unavailable (unreachable)'),
    );
  });

  it('trusts the trailer over the status: a service’s own UNAVAILABLE keeps its message', () => {
    const error = fromGrpcError(
      serviceError(grpc.status.UNAVAILABLE, 'user-service is down', 'UNAVAILABLE'),
      'svc',
      100,
    );
    expect(error).toEqual(new UnavailableError('user-service is down'));
  });
});
