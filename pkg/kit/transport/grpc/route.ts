import type { Endpoint } from '../../endpoint';

/** One unary gRPC method: decode the wire request, call the endpoint, encode its response. */
export interface UnaryRoute<WireReq, Req, Res, WireRes> {
  decode: (request: WireReq) => Req;
  endpoint: Endpoint<Req, Res>;
  encode: (response: Res) => WireRes;
}

/** A route with its types erased, ready to mount. */
export interface MountableUnaryRoute {
  handle: (request: unknown, ctx: { requestId: string }) => Promise<unknown>;
}

export function unaryRoute<WireReq, Req, Res, WireRes>(
  definition: UnaryRoute<WireReq, Req, Res, WireRes>,
): MountableUnaryRoute {
  return {
    async handle(request, ctx) {
      const response = await definition.endpoint(definition.decode(request as WireReq), ctx);
      return definition.encode(response);
    },
  };
}
