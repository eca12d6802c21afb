import { context, propagation, trace } from '@opentelemetry/api';
import { createLogger, createMetricsRegistry, startTracing } from '../../../pkg/observability';

describe('createLogger', () => {
  it('names the service on every line, at info unless told', () => {
    const logger = createLogger('link-service');
    expect(logger.level).toBe('info');
    expect(logger.bindings()).toEqual({ name: 'link-service', service: 'link-service' });
    expect(createLogger('x', 'debug').level).toBe('debug');
  });
});

describe('createMetricsRegistry', () => {
  it('labels every series with the service and collects process metrics', async () => {
    const registry = createMetricsRegistry('news-service');
    const text = await registry.metrics();
    expect(text).toMatch(/^process_cpu_user_seconds_total\{service="news-service"\} /m);
  });

  it('leaves process metrics out when asked', async () => {
    expect(await createMetricsRegistry('news-service', false).getMetricsAsJSON()).toEqual([]);
  });
});

describe('startTracing', () => {
  it('starts nothing without an OTLP endpoint and stops at once', async () => {
    const stop = startTracing('link-service', {});
    await expect(stop()).resolves.toBeUndefined();
  });

  it('records spans once an OTLP endpoint is set', async () => {
    const stop = startTracing('link-service', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' });
    try {
      // Left open: an ended span would be exported on stop, to an endpoint nobody listens on.
      expect(trace.getTracer('test').startSpan('work').isRecording()).toBe(true);
    } finally {
      try {
        await stop();
      } finally {
        trace.disable();
        context.disable();
        propagation.disable();
      }
    }
  });

  it('records nothing without an OTLP endpoint', async () => {
    const stop = startTracing('link-service', {});
    expect(trace.getTracer('test').startSpan('work').isRecording()).toBe(false);
    await stop();
  });
});
