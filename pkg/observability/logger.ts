import pino, { type Logger } from 'pino';

/** JSON lines on stdout, one logger per service, named so merged logs stay readable. */
export function createLogger(service: string, level = 'info'): Logger {
  return pino({ name: service, level, base: { service } });
}
