import type { Logger } from 'pino';
import { createLogger, startTracing } from '../observability';
import { ConfigError } from './config';

export type Stop = () => Promise<void>;

const SHUTDOWN_GRACE_MS = 10_000;

/** What a service's main uses of its process: `process` itself, or a stand-in in the tests. */
export interface ServiceProcess {
  on(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
  exit(code: number): void;
  stderr: { write(text: string): unknown };
}

/**
 * Starts a service and stops it gracefully on SIGTERM/SIGINT: `start` returns the
 * function that stops accepting, finishes in-flight work and closes pools. A bad
 * configuration or a failed start prints one line and exits 1.
 */
export function runService(
  name: string,
  start: () => Promise<Stop>,
  process: ServiceProcess = globalThis.process,
): void {
  start().then(
    (stop) => {
      let stopping = false;
      const shutdown = (signal: string) => {
        if (stopping) return;
        stopping = true;
        process.stderr.write(`${name}: ${signal} received, shutting down\n`);
        const force = setTimeout(() => {
          process.stderr.write(`${name}: shutdown took over ${SHUTDOWN_GRACE_MS} ms, exiting\n`);
          process.exit(1);
        }, SHUTDOWN_GRACE_MS);
        force.unref();
        stop().then(
          () => process.exit(0),
          (error: unknown) => {
            process.stderr.write(`${name}: shutdown failed: ${(error as Error).message}\n`);
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', () => shutdown('SIGTERM'));
      process.on('SIGINT', () => shutdown('SIGINT'));
    },
    (error: unknown) => {
      const message =
        error instanceof ConfigError ? error.message : `failed to start: ${(error as Error).message}`;
      process.stderr.write(`${name}: ${message}\n`);
      process.exit(1);
    },
  );
}

/**
 * The whole of a service's main: read the config, start tracing, start the service
 * with its logger, and stop both on SIGTERM/SIGINT.
 */
export function serviceMain<C extends { LOG_LEVEL: string }>(
  name: string,
  loadConfig: () => C,
  start: (config: C, logger: Logger) => Promise<Stop>,
  process: ServiceProcess = globalThis.process,
): void {
  runService(
    name,
    async () => {
      const config = loadConfig();
      const stopTracing = startTracing(name);
      const stopService = await start(config, createLogger(name, config.LOG_LEVEL));
      return async () => {
        await stopService();
        await stopTracing();
      };
    },
    process,
  );
}
