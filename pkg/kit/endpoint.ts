/** What a transport knows about the call it is serving, handed to the endpoint. */
export interface Context {
  requestId: string;
  /** The authenticated calling service, when the transport checked a caller token. */
  caller?: string;
}

/** go-kit's endpoint: one service method behind a uniform signature. */
export type Endpoint<Req, Res> = (request: Req, ctx: Context) => Promise<Res>;

/** Wraps an endpoint (auth, rate limits, timeouts). */
export type EndpointMiddleware<Req, Res> = (next: Endpoint<Req, Res>) => Endpoint<Req, Res>;
