import { context, propagation, type Context } from '@opentelemetry/api';

/** The active trace context as message headers, so one trace spans publisher and consumer. */
export function traceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** The trace context a message carried, to run its handler in. */
export function contextFromHeaders(headers: Record<string, string>): Context {
  return propagation.extract(context.active(), headers);
}
