import type * as OpenTelemetrySdk from '@opentelemetry/sdk-node';

/**
 * The settings the OpenTelemetry SDK reads itself, by the OTel convention, for every
 * service: a ConfigMap sets them, no service's config.ts needs to.
 */
export const TRACING_SETTINGS = ['OTEL_EXPORTER_OTLP_ENDPOINT'] as const;

/**
 * Starts OpenTelemetry export when an OTLP endpoint is configured
 * (`OTEL_EXPORTER_OTLP_ENDPOINT`): the SDK then exports every span over OTLP
 * (`OTEL_EXPORTER_OTLP_PROTOCOL`, http/protobuf unless set) in batches, with W3C trace
 * context propagation. Otherwise spans stay in-process no-ops, so a laptop run needs no
 * collector. The returned function flushes what is left and stops.
 */
export function startTracing(service: string, env: NodeJS.ProcessEnv = process.env): () => Promise<void> {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return async () => {};
  // Loaded only when spans are exported: the SDK takes about 0.3 s to load, on every start.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof OpenTelemetrySdk;
  const sdk = new NodeSDK({ serviceName: service });
  sdk.start();
  return () => sdk.shutdown();
}
