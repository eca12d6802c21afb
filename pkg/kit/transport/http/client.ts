import { context, propagation } from '@opentelemetry/api';
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

/**
 * The client side of the HTTP transport: JSON in and out, the SPEC's error body turned
 * back into the same domain error classes, a timeout on every attempt, retries for
 * idempotent calls, and a circuit breaker so a dead dependency fails fast with 503.
 */
export class HttpTransportClient {
  private readonly timeoutMs: number;
  private readonly policy: CallPolicy;

  constructor(private readonly options: HttpClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.policy = new CallPolicy(options);
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
    const url = new URL(call.path, this.options.baseUrl);
    for (const [key, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
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

    let response: Response;
    try {
      response = await fetch(url, {
        method: call.method,
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const reason =
        (error as Error).name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : 'unreachable';
      throw unavailableBecause(`${this.options.target} is unavailable (${reason})`, error);
    }
    const text = await response.text();
    if (response.ok) return (text ? JSON.parse(text) : undefined) as T;
    throw this.errorOf(response.status, text);
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
