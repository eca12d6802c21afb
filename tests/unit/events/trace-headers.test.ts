import { context, trace, TraceFlags, type SpanContext } from '@opentelemetry/api';
import { InMemoryEventBus } from '../../../pkg/events';
import { eventually } from '../../support/event-bus-contract';
import { useTraceContext } from '../../support/test-tracing';

// As a service runs with its telemetry set up: W3C trace context, kept across awaits.
useTraceContext();

const publisherSpan: SpanContext = {
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  traceFlags: TraceFlags.SAMPLED,
};

describe('trace context across the event bus', () => {
  it('carries the publisher’s trace in the message headers and runs the handler in it', async () => {
    const bus = new InMemoryEventBus();
    const seen: Array<{ traceparent?: string; traceId?: string }> = [];
    const subscription = await bus.consume(
      { durable: 'traced', subjects: ['links.added'], maxDeliver: 1 },
      async (event) =>
        void seen.push({
          traceparent: event.headers.traceparent,
          traceId: trace.getSpanContext(context.active())?.traceId,
        }),
    );
    await context.with(trace.setSpanContext(context.active(), publisherSpan), () =>
      bus.publish('links.added', { n: 1 }, { msgId: 'm1' }),
    );
    await eventually(() => seen.length === 1);
    expect(seen).toEqual([
      {
        traceparent: `00-${publisherSpan.traceId}-${publisherSpan.spanId}-01`,
        traceId: publisherSpan.traceId,
      },
    ]);
    await subscription.stop();
    await bus.close();
  });
});
