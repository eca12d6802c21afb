/** One answer of the gateway, with its body as text (for excerpts) and parsed (for checks). */
export interface Reply {
  status: number;
  text: string;
  json: unknown;
}

/** The gateway did not answer: refused, unreachable or too slow. */
export class NoAnswer extends Error {}

/** A client of the public API, through which alone the smoke test talks to the deployment. */
export class GatewayClient {
  constructor(
    readonly base: string,
    private readonly timeoutMs: number,
    private readonly session?: string,
  ) {}

  as(session: string): GatewayClient {
    return new GatewayClient(this.base, this.timeoutMs, session);
  }

  async call(method: string, path: string, body?: unknown): Promise<Reply> {
    const headers: Record<string, string> = {};
    if (this.session) headers.authorization = `Bearer ${this.session}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    let text: string;
    try {
      response = await fetch(this.base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw new NoAnswer(describeFetchError(error, this.timeoutMs));
    }
    return { status: response.status, text, json: parseJson(text) };
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
