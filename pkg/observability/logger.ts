import { trace } from '@opentelemetry/api';
import pino, { type DestinationStream, type Logger } from 'pino';

/** The active span's ids on every line, so a log search leads to the trace and back. */
function traceIds(): Record<string, string> {
  const span = trace.getActiveSpan()?.spanContext();
  return span && trace.isSpanContextValid(span) ? { trace_id: span.traceId, span_id: span.spanId } : {};
}

/** JSON lines on stdout, one logger per service, named so merged logs stay readable. */
export function createLogger(service: string, level = 'info', destination?: DestinationStream): Logger {
  return pino({ name: service, level, base: { service }, mixin: traceIds }, destination);
}
