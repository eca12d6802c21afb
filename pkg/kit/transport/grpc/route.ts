import type { Metadata } from '@grpc/grpc-js';
import type { Endpoint } from '../../endpoint';

/** One unary gRPC method: decode the wire request, call the endpoint, encode its response. */
export interface UnaryRoute<WireReq, Req, Res, WireRes> {
  decode: (request: WireReq) => Req;
  endpoint: Endpoint<Req, Res>;
  encode: (response: Res) => WireRes;
  /** Whether this call may be made, from its metadata and request: throws UNAUTHENTICATED or PERMISSION_DENIED. */
  authorize?: (request: WireReq, metadata: Metadata) => Promise<void>;
}

/** A route with its types erased, ready to mount. */
export interface MountableUnaryRoute {
  handle: (request: unknown, ctx: { requestId: string }) => Promise<unknown>;
  authorize?: (request: unknown, metadata: Metadata) => Promise<void>;
}

export function unaryRoute<WireReq, Req, Res, WireRes>(
  definition: UnaryRoute<WireReq, Req, Res, WireRes>,
): MountableUnaryRoute {
  const { authorize } = definition;
  return {
    authorize: authorize && ((request, metadata) => authorize(request as WireReq, metadata)),
    async handle(request, ctx) {
      const response = await definition.endpoint(definition.decode(request as WireReq), ctx);
      return definition.encode(response);
    },
  };
}
