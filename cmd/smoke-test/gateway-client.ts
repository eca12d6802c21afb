import { createPublicApiClient, type PublicApi } from '../../pkg/api-gateway-client';

/** One answer of the gateway, with its body as text (for excerpts) and parsed (for checks). */
export interface Reply {
  status: number;
  text: string;
  json: unknown;
}

/** The gateway did not answer: refused, unreachable or too slow. */
export class NoAnswer extends Error {}

/**
 * A client of the public API, through which alone the smoke test talks to the deployment:
 * the client generated from the OpenAPI document, with a timeout on every call and each
 * answer kept as text for the report.
 */
export class GatewayClient {
  readonly api: PublicApi;
  private readonly copies = new WeakMap<Response, Response>();

  constructor(
    readonly base: string,
    private readonly timeoutMs: number,
    session?: string,
  ) {
    this.api = createPublicApiClient(base, { session, fetch: (request) => this.fetch(request) });
  }

  as(session: string): GatewayClient {
    return new GatewayClient(this.base, this.timeoutMs, session);
  }

  /** Runs one typed call and reports its answer. */
  async reply(call: (api: PublicApi) => Promise<{ response: Response }>): Promise<Reply> {
    const { response } = await call(this.api);
    const text = await (this.copies.get(response) ?? response).text();
    return { status: response.status, text, json: parseJson(text) };
  }

  /** A route outside the public API document (the health probe). */
  async get(path: string): Promise<Reply> {
    const response = await this.fetch(new Request(this.base + path));
    const text = await response.text();
    return { status: response.status, text, json: parseJson(text) };
  }

  private async fetch(request: Request): Promise<Response> {
    try {
      const response = await fetch(request, { signal: AbortSignal.timeout(this.timeoutMs) });
      // The typed client reads the body; the report wants it too.
      this.copies.set(response, response.clone());
      return response;
    } catch (error) {
      throw new NoAnswer(describeFetchError(error, this.timeoutMs));
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  const err = error as Error & { cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
  return `no answer: ${err.cause?.code ?? err.cause?.message ?? err.message}`;
}
