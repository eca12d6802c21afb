/** Service middleware: takes a service and returns one with the same interface. */
export type Middleware<S> = (next: S) => S;

/** Applies middlewares so that the first one listed is the outermost. */
export function chain<S>(service: S, ...middlewares: Middleware<S>[]): S {
  return middlewares.reduceRight((next, middleware) => middleware(next), service);
}

export type MethodInterceptor = (method: string, invoke: () => Promise<unknown>) => Promise<unknown>;

/**
 * Wraps every method of any service object with one interceptor. This is what lets
 * logging, metrics and tracing be written once for all service interfaces, instead of
 * once per method per service as in the Go original.
 */
export function interceptMethods<S extends object>(next: S, intercept: MethodInterceptor): S {
  const wrapped = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  return new Proxy(next, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || typeof value !== 'function') return value;
      let method = wrapped.get(property);
      if (!method) {
        method = (...args: unknown[]) =>
          intercept(property, () => Promise.resolve(value.apply(target, args)));
        wrapped.set(property, method);
      }
      return method;
    },
  });
}

/** Runs a call and reports how it ended (`failure` undefined on success), keeping its result or error. */
export async function observe<T>(
  invoke: () => Promise<T>,
  onSettled: (failure: unknown) => void,
): Promise<T> {
  let failure: unknown;
  try {
    return await invoke();
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    onSettled(failure);
  }
}
