import { NodeSDK } from '@opentelemetry/sdk-node';

/**
 * Starts OpenTelemetry export when an OTLP endpoint is configured
 * (`OTEL_EXPORTER_OTLP_ENDPOINT`, read by the SDK itself); otherwise spans stay
 * in-process no-ops, so a laptop run needs no collector.
 */
export function startTracing(service: string, env: NodeJS.ProcessEnv = process.env): () => Promise<void> {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return async () => {};
  const sdk = new NodeSDK({ serviceName: service });
  sdk.start();
  return () => sdk.shutdown();
}
