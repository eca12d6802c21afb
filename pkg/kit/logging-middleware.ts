import type { Logger } from 'pino';
import { interceptMethods, observe, type Middleware } from './middleware';
import { isServerFault, outcomeOf } from './outcome';
import { currentRequestId } from './request-context';

/**
 * One structured line per service call: method, duration, outcome, request id. Failures
 * are at info (refused) or error (server fault); a success at `successLevel`, info unless
 * said otherwise.
 */
export function loggingMiddleware<S extends object>(
  logger: Logger,
  successLevel: 'info' | 'debug' = 'info',
): Middleware<S> {
  return (next) =>
    interceptMethods(next, (method, invoke) => {
      const started = performance.now();
      return observe(invoke, (failure) => {
        const line = {
          method,
          durationMs: Math.round((performance.now() - started) * 1000) / 1000,
          outcome: outcomeOf(failure),
          requestId: currentRequestId(),
        };
        if (failure === undefined) logger[successLevel](line, 'call');
        else if (isServerFault(failure)) logger.error({ ...line, err: failure }, 'call failed');
        else logger.info({ ...line, message: (failure as Error).message }, 'call rejected');
      });
    });
}
