import { INVALID_SPAN_CONTEXT, context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { createLogger } from '../../../pkg/observability';

const provider = new BasicTracerProvider();
beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
});
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
});

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, stream: { write: (line: string) => void lines.push(JSON.parse(line)) } };
}

describe('createLogger', () => {
  it('writes the active span’s trace and span ids on every line, and none outside a span', () => {
    const { lines, stream } = capture();
    const logger = createLogger('traced-service', 'info', stream);
    logger.info('outside');
    const span = trace.getTracer('test').startSpan('work');
    context.with(trace.setSpan(context.active(), span), () => logger.info('inside'));
    span.end();
    expect(lines[0]).not.toHaveProperty('trace_id');
    expect(lines[1]).toEqual(
      expect.objectContaining({
        msg: 'inside',
        service: 'traced-service',
        trace_id: span.spanContext().traceId,
        span_id: span.spanContext().spanId,
      }),
    );
  });
});

describe('createLogger inside a span with no valid ids', () => {
  it('writes no trace ids, rather than zeros', () => {
    const { lines, stream } = capture();
    const logger = createLogger('traced-service', 'info', stream);
    const invalid = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
    context.with(trace.setSpan(context.active(), invalid), () => logger.info('inside'));
    expect(lines[0]).not.toHaveProperty('trace_id');
    expect(lines[0]).not.toHaveProperty('span_id');
  });
});
