import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** The resource's `service.name`. */
  service?: string;
}

interface OtlpJsonExport {
  resourceSpans?: Array<{
    resource?: { attributes?: Array<{ key: string; value: { stringValue?: string } }> };
    scopeSpans?: Array<{ spans?: ReceivedSpan[] }>;
  }>;
}

/**
 * An OTLP/HTTP receiver on loopback that keeps every span it is sent, as a collector
 * would: exporters post JSON (OTEL_EXPORTER_OTLP_PROTOCOL=http/json) to /v1/traces.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        if (request.url === '/v1/traces') {
          const exported = JSON.parse(body) as OtlpJsonExport;
          for (const resource of exported.resourceSpans ?? []) {
            const service = resource.resource?.attributes?.find((a) => a.key === 'service.name')?.value
              .stringValue;
            for (const scope of resource.scopeSpans ?? [])
              for (const { traceId, spanId, parentSpanId, name } of scope.spans ?? [])
                this.spans.push({ traceId, spanId, parentSpanId: parentSpanId || undefined, name, service });
          }
        }
        response.setHeader('content-type', 'application/json');
        response.end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Waits until the spans named have arrived, and returns the first of each. */
  async waitFor(names: string[], timeoutMs = 15_000): Promise<Record<string, ReceivedSpan>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = Object.fromEntries(
        names.flatMap((name) => {
          const span = this.spans.find((s) => s.name === name);
          return span ? [[name, span]] : [];
        }),
      );
      if (Object.keys(found).length === names.length || Date.now() > deadline) return found;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
