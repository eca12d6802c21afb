import { context, propagation, trace } from '@opentelemetry/api';
import { createLogger, createMetricsRegistry, startTracing } from '../../../pkg/observability';
import { OtlpReceiver } from '../../support/otlp-receiver';

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

  it('exports the spans, named by the service, to the OTLP endpoint set, the last ones on stop', async () => {
    const receiver = new OtlpReceiver();
    const settings = {
      OTEL_EXPORTER_OTLP_ENDPOINT: await receiver.start(),
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    };
    // The SDK reads its own settings from the environment.
    Object.assign(process.env, settings);
    try {
      const stop = startTracing('link-service', process.env);
      trace.getTracer('test').startSpan('work').end();
      await stop();
      expect(receiver.spans).toEqual([expect.objectContaining({ name: 'work', service: 'link-service' })]);
    } finally {
      for (const key of Object.keys(settings)) delete process.env[key];
      trace.disable();
      context.disable();
      propagation.disable();
      await receiver.stop();
    }
  });

  it('records nothing without an OTLP endpoint', async () => {
    const stop = startTracing('link-service', {});
    expect(trace.getTracer('test').startSpan('work').isRecording()).toBe(false);
    await stop();
  });
});
