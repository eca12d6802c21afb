import { context, propagation } from '@opentelemetry/api';
import { Pool } from 'undici';
import { DomainError, errorFromCode, isErrorCode, type ErrorBody } from '../../errors';
import { codeOfHttpStatus } from '../../error-codes';
import { unavailableBecause } from '../failure-cause';
import { CallPolicy, type ResilienceOptions } from '../resilience';
import { REQUEST_ID_HEADER, currentRequestId } from '../../request-context';
import type { HttpMethod, HttpOperation, ResponseOf, WireRequestOf } from './operation';

export interface HttpClientOptions extends ResilienceOptions {
  /** e.g. `http://link-service:8080` */
  baseUrl: string;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  /** Extra headers on every call (a caller token, say). */
  headers?: Record<string, string>;
  /** Headers worked out per call (the proof of the user it is made for, say). */
  callHeaders?: () => Record<string, string>;
}

export interface HttpCall {
  method: HttpMethod;
  path: string;
  query?: Record<string, unknown>;
  body?: unknown;
  /** Only idempotent calls are retried. */
  idempotent: boolean;
}

/** undici's codes for an attempt that got no answer in time (connecting, headers, or body). */
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * The client side of the HTTP transport: JSON in and out, the SPEC's error body turned
 * back into the same domain error classes, a timeout on every attempt, retries for
 * idempotent calls, and a circuit breaker so a dead dependency fails fast with 503.
 *
 * Calls go through undici's `request` on a keep-alive pool of this backend's own, not
 * through `fetch`: fetch builds a Request, a Response, web streams and an AbortSignal
 * per call, which cost a service-to-service hop about as much CPU as the work behind
 * it (`npm run bench`). The attempt's timeout is the pool's connect, headers and body
 * timeouts.
 */
export class HttpTransportClient {
  private readonly timeoutMs: number;
  private readonly policy: CallPolicy;
  private readonly pool: Pool;

  constructor(private readonly options: HttpClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.policy = new CallPolicy(options);
    this.pool = new Pool(new URL(options.baseUrl).origin, {
      connect: { timeout: this.timeoutMs },
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
  }

  /** Closes the pool's connections once the calls in flight have ended. */
  close(): Promise<void> {
    return this.pool.close();
  }

  /**
   * Calls one operation of a contract: the path, method, where the request travels and
   * whether a retry is safe all come from its declaration; the answer is checked against
   * its response schema.
   */
  async callOperation<O extends HttpOperation>(
    operation: O,
    request: WireRequestOf<O>,
  ): Promise<ResponseOf<O>> {
    const fields: Record<string, unknown> = { ...(request ?? {}) };
    const part = operation.request?.in;
    const path =
      part === 'params'
        ? operation.path.replace(/:([A-Za-z]+)/g, (_, name: string) =>
            encodeURIComponent(String(fields[name])),
          )
        : operation.path;
    const body = await this.call<unknown>({
      method: operation.method,
      path,
      query: part === 'query' ? fields : undefined,
      body: part === 'body' ? fields : undefined,
      idempotent: operation.idempotent,
    });
    return operation.response?.parse(body) as ResponseOf<O>;
  }

  call<T>(call: HttpCall): Promise<T> {
    return this.policy.execute(() => this.once<T>(call), call.idempotent);
  }

  private async once<T>(call: HttpCall): Promise<T> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...this.options.headers,
      ...this.options.callHeaders?.(),
    };
    const requestId = currentRequestId();
    if (requestId) headers[REQUEST_ID_HEADER] = requestId;
    // W3C trace context, so one trace follows the request from service to service.
    propagation.inject(context.active(), headers);
    if (call.body !== undefined) headers['content-type'] = 'application/json';

    let status: number;
    let text: string;
    try {
      const response = await this.pool.request({
        method: call.method,
        path: call.path + queryString(call.query),
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      const reason = TIMEOUT_CODES.has((error as { code?: string }).code ?? '')
        ? `no answer within ${this.timeoutMs} ms`
        : 'unreachable';
      throw unavailableBecause(`${this.options.target} is unavailable (${reason})`, error);
    }
    if (status >= 200 && status < 300) return (text ? JSON.parse(text) : undefined) as T;
    throw this.errorOf(status, text);
  }

  private errorOf(status: number, text: string): DomainError {
    try {
      const body = JSON.parse(text) as Partial<ErrorBody>;
      if (body.error && isErrorCode(body.error.code) && typeof body.error.message === 'string') {
        return errorFromCode(body.error.code, body.error.message);
      }
    } catch {
      // Not our error body (a proxy's page, say): fall back to the status alone.
    }
    return errorFromCode(codeOfHttpStatus(status), `${this.options.target} answered ${status}`);
  }
}

/** `?a=1&b=2` of the fields that are set (as `URL.searchParams` writes them), or nothing. */
function queryString(query: Record<string, unknown> | undefined): string {
  if (query === undefined) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
