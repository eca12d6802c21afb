import * as grpc from '@grpc/grpc-js';
import { DomainError, errorFromCode, isErrorCode } from '../../errors';
import { unavailableBecause } from '../failure-cause';
import { GRPC_STATUS_OF, codeOfGrpcStatus } from '../../error-codes';

/** Trailer naming the domain code, so a client tells a service's own error from a transport failure. */
export const ERROR_CODE_TRAILER = 'delinkcious-error-code';

/** A domain error as a gRPC status; anything else is INTERNAL with no details. */
export function toGrpcStatus(error: unknown): Partial<grpc.StatusObject> {
  const metadata = new grpc.Metadata();
  if (error instanceof DomainError && error.code !== 'INTERNAL') {
    metadata.set(ERROR_CODE_TRAILER, error.code);
    return { code: GRPC_STATUS_OF[error.code], details: error.message, metadata };
  }
  metadata.set(ERROR_CODE_TRAILER, 'INTERNAL');
  return { code: grpc.status.INTERNAL, details: 'internal error', metadata };
}

/**
 * A failed call as the same domain error class the service threw. Failures that never
 * reached the service's code (no trailer: connection refused, deadline) are UNAVAILABLE.
 */
export function fromGrpcError(error: grpc.ServiceError, target: string, timeoutMs: number): DomainError {
  const [trailer] = error.metadata?.get(ERROR_CODE_TRAILER) ?? [];
  if (isErrorCode(trailer)) return errorFromCode(trailer, error.details);
  if (error.code === grpc.status.DEADLINE_EXCEEDED) {
    return unavailableBecause(`${target} is unavailable (no answer within ${timeoutMs} ms)`, error);
  }
  if (error.code === grpc.status.UNAVAILABLE || error.code === grpc.status.CANCELLED) {
    return unavailableBecause(`${target} is unavailable (unreachable)`, error);
  }
  // A peer that is not ours (a proxy, another implementation): the status alone.
  return errorFromCode(codeOfGrpcStatus(error.code), `${target} answered ${grpc.status[error.code]}`);
}
