import pino, { type Logger } from 'pino';

/** A logger for tests that keeps the output quiet; set TEST_LOG_LEVEL=debug to see it. */
export function testLogger(): Logger {
  return pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
}
