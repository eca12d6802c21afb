/** What a transport knows about the call it is serving, handed to the endpoint. */
export interface Context {
  requestId: string;
  /** The authenticated caller (a user or a service), when the route checks one. */
  caller?: string;
}

/** go-kit's endpoint: one service method behind a uniform signature. */
export type Endpoint<Req, Res> = (request: Req, ctx: Context) => Promise<Res>;
