import { context, propagation, trace, type Context } from '@opentelemetry/api';
import type { LinkEvent } from '../object-model';

/**
 * The event with the active trace context, as it goes into the outbox inside the change's
 * transaction; unchanged when no trace is active.
 */
export function withTraceContext(event: LinkEvent): LinkEvent {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return Object.keys(carrier).length ? { ...event, traceContext: carrier } : event;
}

/** The event as the bus carries it, and the context of the request that made it. */
export function splitTraceContext(event: LinkEvent): { event: LinkEvent; context: Context } {
  const { traceContext, ...published } = event;
  const parent = traceContext ? propagation.extract(context.active(), traceContext) : context.active();
  return { event: published, context: parent };
}

/** Runs one relay publish as a span of the request that made the event. */
export function relaySpan<T>(event: LinkEvent, work: (published: LinkEvent) => Promise<T>): Promise<T> {
  const { event: published, context: parent } = splitTraceContext(event);
  return trace
    .getTracer('delinkcious')
    .startActiveSpan(
      `link-service.relayEvent`,
      { attributes: { 'delinkcious.event_id': published.id } },
      parent,
      async (span) => {
        try {
          return await work(published);
        } finally {
          span.end();
        }
      },
    );
}
