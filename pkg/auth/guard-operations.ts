import type { Metadata } from '@grpc/grpc-js';
import type { FastifyRequest } from 'fastify';
import { requestPart, type Authorize, type HttpOperation } from '../kit';
import type { CallAccess, CallGuard } from './call-access';
import { CALLER_TOKEN_HEADER } from './caller-tokens';
import { USER_PROOF_HEADER } from './user-proof';

/** Who may make each operation of a contract: leaving one out fails to compile. */
export type AccessTable<Ops> = { readonly [K in keyof Ops]: CallAccess };

const header = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** The `authorize` check of every operation of an HTTP contract, from its access table. */
export function guardOperations<Ops extends Record<string, HttpOperation>>(
  operations: Ops,
  access: AccessTable<Ops>,
  guard: CallGuard,
): { [K in keyof Ops]: Authorize } {
  const check =
    (allowed: CallAccess): Authorize =>
    async (request: FastifyRequest, operation: HttpOperation) => {
      const raw = operation.request ? requestPart(request, operation.request.in) : undefined;
      await guard.admit(
        allowed,
        {
          callerToken: header(request.headers[CALLER_TOKEN_HEADER]),
          userProof: header(request.headers[USER_PROOF_HEADER]),
        },
        (field) => (raw as Record<string, unknown> | undefined)?.[field],
      );
    };
  const entries = Object.keys(operations).map((name) => [name, check(access[name as keyof Ops])]);
  // One check per operation, built from its own entry; Object.fromEntries only loses the keys.
  return Object.fromEntries(entries) as { [K in keyof Ops]: Authorize };
}

/** The `authorize` check of a gRPC method: the same credentials, in the call's metadata. */
export function guardRpc<Req extends object>(
  access: CallAccess,
  guard: CallGuard,
): (request: Req, metadata: Metadata) => Promise<void> {
  return async (request, metadata) => {
    await guard.admit(
      access,
      {
        callerToken: header(metadata.get(CALLER_TOKEN_HEADER)[0]),
        userProof: header(metadata.get(USER_PROOF_HEADER)[0]),
      },
      (field) => (request as Record<string, unknown>)[field],
    );
  };
}
