import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

/**
 * The loggers of every service in one process. On a terminal the lines are pretty
 * (time, level, service, message); otherwise they stay JSON lines, one per entry, for
 * whatever collects them. Nothing is written until `open()`, so the banner comes first.
 */
export class LauncherLogs {
  private readonly held: string[] = [];
  private opened = false;
  private readonly destination: NodeJS.WritableStream;
  private readonly root: Logger;

  constructor(interactive = process.stdout.isTTY === true) {
    this.destination = interactive
      ? pretty({
          sync: true,
          colorize: true,
          translateTime: 'SYS:HH:MM:ss',
          ignore: 'pid,hostname,service,name',
          messageFormat: '{service}: {msg}',
        })
      : process.stdout;
    const gate = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        if (this.opened) this.destination.write(chunk);
        else this.held.push(chunk.toString());
        done();
      },
    });
    this.root = pino({ level: 'trace' }, gate);
  }

  /** One service's logger, at its own level. */
  of(service: string, level: string): Logger {
    const logger = this.root.child({ service, name: service });
    logger.level = level;
    return logger;
  }

  /** Writes what was held back, and everything from now on. */
  open(): void {
    this.opened = true;
    for (const line of this.held.splice(0)) this.destination.write(line);
  }
}
