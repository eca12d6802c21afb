import { SafeLinkChecker } from './link-checker';

/** The parts of Nuclio's Node.js runtime context and event that the handler uses. */
export interface NuclioContext {
  callback(response: unknown): void;
  Response: new (
    body: unknown,
    headers: Record<string, string>,
    contentType: string,
    statusCode: number,
  ) => unknown;
}
export interface NuclioEvent {
  body: unknown;
}

const checker = new SafeLinkChecker({
  timeoutMs: Number(process.env.CHECK_TIMEOUT_MS ?? 5000),
  maxRedirects: Number(process.env.MAX_REDIRECTS ?? 5),
  allowPrivateAddresses: process.env.ALLOW_PRIVATE_ADDRESSES === 'true',
});

/**
 * The serverless alternative to svc/link-checker: Nuclio calls `handler(context, event)`
 * with a body `{ "url": "…" }` and gets the verdict back.
 */
export async function handler(context: NuclioContext, event: NuclioEvent): Promise<void> {
  const body = typeof event.body === 'string' ? safeParse(event.body) : event.body;
  const url = (body as { url?: unknown } | undefined)?.url;
  if (typeof url !== 'string') {
    context.callback(
      new context.Response(
        { error: { code: 'INVALID_ARGUMENT', message: 'url is required' } },
        {},
        'application/json',
        400,
      ),
    );
    return;
  }
  context.callback(new context.Response(await checker.check(url), {}, 'application/json', 200));
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
