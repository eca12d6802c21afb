import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { interceptMethods, type Middleware } from './middleware';
import { isServerFault, outcomeOf } from './outcome';

/** One OpenTelemetry span per service call, named `<service>.<method>`; a client's spans are CLIENT spans. */
export function tracingMiddleware<S extends object>(
  service: string,
  side: 'server' | 'client' = 'server',
): Middleware<S> {
  const kind = side === 'client' ? SpanKind.CLIENT : SpanKind.INTERNAL;
  const tracer = trace.getTracer('delinkcious');
  return (next) =>
    interceptMethods(next, (method, invoke) =>
      tracer.startActiveSpan(`${service}.${method}`, { kind }, async (span) => {
        try {
          const result = await invoke();
          span.setAttribute('delinkcious.outcome', 'ok');
          return result;
        } catch (error) {
          span.setAttribute('delinkcious.outcome', outcomeOf(error));
          if (isServerFault(error)) {
            span.recordException(error as Error);
            span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
          }
          throw error;
        } finally {
          span.end();
        }
      }),
    );
}
