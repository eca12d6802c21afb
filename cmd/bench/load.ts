import autocannon from 'autocannon';

export interface LoadResult {
  rps: number;
  /** Latencies in ms, from each response's own timing (autocannon's histogram keeps whole ms only). */
  p50: number;
  p99: number;
  /** Failed connections, timeouts and non-2xx answers. */
  errors: number;
  /** Every 2xx answer's latency in ms, ascending. */
  latencies: number[];
}

export interface LoadTarget {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A fresh body (and headers) per request: each add needs a new url, and adds rotate over users. */
  next?: () => { body: string; headers?: Record<string, string> };
  /** Headers that change while the load runs (a user proof is re-signed), read per request. */
  headersNow?: () => Record<string, string>;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

/** Loads `target` with `connections` keep-alive connections for `seconds`; bounded by autocannon's duration. */
export function load(target: LoadTarget, seconds: number, connections: number): Promise<LoadResult> {
  const latencies: number[] = [];
  const { next, headersNow } = target;
  const headers = { ...(next ? { 'content-type': 'application/json' } : {}), ...target.headers };
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.url,
        method: target.method ?? 'GET',
        headers,
        connections,
        duration: seconds,
        requests: next
          ? [
              {
                method: target.method ?? 'POST',
                setupRequest: (request) => {
                  const made = next();
                  return { ...request, body: made.body, headers: { ...headers, ...made.headers } };
                },
              },
            ]
          : headersNow
            ? [{ setupRequest: (request) => ({ ...request, headers: { ...headers, ...headersNow() } }) }]
            : undefined,
      },
      (error: unknown, result: autocannon.Result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        latencies.sort((a, b) => a - b);
        resolve({
          rps: result.requests.total / seconds,
          p50: percentile(latencies, 50),
          p99: percentile(latencies, 99),
          errors: result.errors + result.timeouts + result.non2xx,
          latencies,
        });
      },
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
}
