import type { Stop } from './run-service';

/**
 * The shutdown order of a service, built as it starts: each resource is pushed when it is
 * opened and closed in reverse (the HTTP server first, the database last). A close that
 * fails does not keep the others open; the first failure is rethrown at the end.
 */
export class Closers {
  private readonly stack: Array<() => unknown> = [];

  /** Adds a resource and returns it, so opening and registering read as one line. */
  push<T>(resource: T, close: (resource: T) => unknown): T {
    this.stack.push(() => close(resource));
    return resource;
  }

  readonly closeAll: Stop = async () => {
    let failure: unknown;
    while (this.stack.length > 0) {
      const close = this.stack.pop()!;
      try {
        await close();
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
  };
}
