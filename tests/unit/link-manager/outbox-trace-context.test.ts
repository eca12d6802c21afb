import { context, trace, TraceFlags, type SpanContext } from '@opentelemetry/api';
import {
  relaySpan,
  splitTraceContext,
  withTraceContext,
} from '../../../pkg/link-manager/outbox-trace-context';
import type { LinkEvent } from '../../../pkg/object-model';
import { linkEvent } from '../../support/link-event';
import { useTestTracing } from '../../support/test-tracing';

// As a service runs with its telemetry set up: W3C trace context, spans recorded.
const exporter = useTestTracing();
afterEach(() => exporter.reset());

const request: SpanContext = {
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  traceFlags: TraceFlags.SAMPLED,
};
const traceparent = `00-${request.traceId}-${request.spanId}-01`;

const event = linkEvent('ann', 'https://e.com/');
const inRequest = <T>(work: () => T): T =>
  context.with(trace.setSpanContext(context.active(), request), work);

describe('withTraceContext', () => {
  it('keeps the trace of the request that made the change', () => {
    expect(inRequest(() => withTraceContext(event))).toEqual({ ...event, traceContext: { traceparent } });
  });

  it('leaves the event as it is outside a trace', () => {
    expect(withTraceContext(event)).toBe(event);
  });
});

describe('splitTraceContext', () => {
  it('takes the trace context off the event, as the parent of what follows', () => {
    const { event: published, context: parent } = splitTraceContext({
      ...event,
      traceContext: { traceparent },
    });
    expect(published).toEqual(event);
    expect(published).not.toHaveProperty('traceContext');
    expect(trace.getSpanContext(parent)).toMatchObject({ traceId: request.traceId, spanId: request.spanId });
  });

  it('gives the active context for an event made outside a trace', () => {
    const { event: published, context: parent } = inRequest(() => splitTraceContext(event));
    expect(published).toEqual(event);
    expect(trace.getSpanContext(parent)).toMatchObject({ traceId: request.traceId });
  });
});

describe('relaySpan', () => {
  it('publishes the event without its trace context, in a span of the request that made it', async () => {
    const seen: Array<{ published: LinkEvent; traceId?: string }> = [];
    const answer = await relaySpan({ ...event, traceContext: { traceparent } }, async (published) => {
      seen.push({ published, traceId: trace.getSpanContext(context.active())?.traceId });
      return 'acknowledged';
    });
    expect(answer).toBe('acknowledged');
    expect(seen).toEqual([{ published: event, traceId: request.traceId }]);
    const [span] = exporter.getFinishedSpans();
    expect(span.name).toBe('link-service.relayEvent');
    expect(span.instrumentationScope.name).toBe('delinkcious');
    expect(span.attributes).toEqual({ 'delinkcious.event_id': event.id });
    expect(span.spanContext().traceId).toBe(request.traceId);
    expect(span.parentSpanContext?.spanId).toBe(request.spanId);
  });

  it('starts a trace of its own for an event made outside one', async () => {
    await relaySpan(event, async (published) => expect(published).toEqual(event));
    const [span] = exporter.getFinishedSpans();
    expect(span.name).toBe('link-service.relayEvent');
    expect(span.parentSpanContext).toBeUndefined();
  });

  it('ends its span when the publish fails, and fails with it', async () => {
    const failure = new Error('NATS is unavailable');
    await expect(
      relaySpan(event, async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(exporter.getFinishedSpans()).toHaveLength(1);
  });
});
