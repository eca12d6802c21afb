import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { SpanKind } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import pino from 'pino';
import { Registry } from 'prom-client';
import { Writable } from 'node:stream';
import {
  chain,
  instrument,
  loggingMiddleware,
  metricsMiddleware,
  runWithRequestId,
  tracingMiddleware,
} from '../../../pkg/kit';
import { NotFoundError, UnavailableError } from '../../../pkg/object-model';

/** Any service interface works: this one is not one of ours. */
interface Greeter {
  greet(name: string): Promise<string>;
  fail(kind: 'missing' | 'bug' | 'down'): Promise<void>;
}

class RealGreeter implements Greeter {
  // A private field: middleware must call methods on the real object, not on the proxy.
  private readonly punctuation = '!';
  async greet(name: string) {
    return `hello ${name}${this.punctuation}`;
  }
  async fail(kind: 'missing' | 'bug' | 'down') {
    if (kind === 'missing') throw new NotFoundError('no such greeting');
    if (kind === 'down') throw new UnavailableError('greeting store is down');
    throw new TypeError('boom');
  }
}

/** A greeter that takes 20 ms to answer. */
const slowGreeter = (): Greeter => ({
  greet: (name) => new Promise((resolve) => setTimeout(() => resolve(`hello ${name}`), 20)),
  fail: async () => {},
});

function captureLogs(level = 'info') {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level }, stream), lines };
}

describe('service middleware', () => {
  it('chain applies the first middleware outermost', async () => {
    const order: string[] = [];
    const tag =
      (name: string) =>
      (next: Greeter): Greeter => ({
        greet: async (n) => {
          order.push(name);
          return next.greet(n);
        },
        fail: (k) => next.fail(k),
      });
    await chain<Greeter>(new RealGreeter(), tag('outer'), tag('inner')).greet('x');
    expect(order).toEqual(['outer', 'inner']);
  });

  it('logging writes one structured line per call with method, duration, outcome and request id', async () => {
    const { logger, lines } = captureLogs();
    const greeter = loggingMiddleware<Greeter>(logger)(new RealGreeter());
    await expect(runWithRequestId('req-1', () => greeter.greet('ann'))).resolves.toBe('hello ann!');
    await expect(greeter.fail('missing')).rejects.toBeInstanceOf(NotFoundError);
    await expect(greeter.fail('bug')).rejects.toThrow('boom');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ method: 'greet', outcome: 'ok', requestId: 'req-1', level: 30 });
    expect(typeof lines[0].durationMs).toBe('number');
    expect(lines[1]).toMatchObject({ method: 'fail', outcome: 'NOT_FOUND', level: 30 });
    expect(lines[2]).toMatchObject({ method: 'fail', outcome: 'INTERNAL', level: 50 });
  });

  it('a client logs its successes at debug only (the service called logs them), its failures as before', async () => {
    const { logger, lines } = captureLogs();
    const client = instrument<Greeter>(new RealGreeter(), {
      name: 'greeter-client',
      logger,
      registry: new Registry(),
      side: 'client',
    });
    await client.greet('ann');
    await expect(client.fail('missing')).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.fail('bug')).rejects.toThrow('boom');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ method: 'fail', outcome: 'NOT_FOUND', level: 30, side: 'client' });
    expect(lines[1]).toMatchObject({
      method: 'fail',
      outcome: 'INTERNAL',
      level: 50,
      target: 'greeter-client',
    });
    const { logger: debugLogger, lines: debugLines } = captureLogs('debug');
    await instrument<Greeter>(new RealGreeter(), {
      name: 'greeter-client',
      logger: debugLogger,
      registry: new Registry(),
      side: 'client',
    }).greet('bo');
    expect(debugLines).toEqual([expect.objectContaining({ method: 'greet', outcome: 'ok', level: 20 })]);
  });

  it('logging gives a refused call’s message, a failed dependency at error, and the duration in ms', async () => {
    const { logger, lines } = captureLogs();
    const greeter = loggingMiddleware<Greeter>(logger)(new RealGreeter());
    await greeter.fail('missing').catch(() => {});
    await greeter.fail('down').catch(() => {});
    await loggingMiddleware<Greeter>(logger)(slowGreeter()).greet('x');
    expect(lines[0]).toMatchObject({ msg: 'call rejected', message: 'no such greeting', level: 30 });
    expect(lines[1]).toMatchObject({
      msg: 'call failed',
      outcome: 'UNAVAILABLE',
      level: 50,
      err: expect.objectContaining({ message: 'greeting store is down' }),
    });
    expect(lines[2]).toMatchObject({ msg: 'call', method: 'greet' });
    expect(lines[2].durationMs).toBeGreaterThanOrEqual(15);
    expect(lines[2].durationMs).toBeLessThan(5000);
    // Rounded to the microsecond: at most three decimals.
    expect(String(lines[2].durationMs)).toMatch(/^\d+(\.\d{1,3})?$/);
  });

  it('a server logs its successes at info', async () => {
    const { logger, lines } = captureLogs();
    await instrument<Greeter>(new RealGreeter(), { name: 'greeter', logger, registry: new Registry() }).greet(
      'a',
    );
    expect(lines).toEqual([expect.objectContaining({ msg: 'call', method: 'greet', level: 30 })]);
    expect(lines[0]).not.toHaveProperty('side');
  });

  it('metrics time calls in seconds, and services sharing a registry share the series', async () => {
    const registry = new Registry();
    await metricsMiddleware<Greeter>(registry, 'slow')(slowGreeter()).greet('a');
    await metricsMiddleware<Greeter>(registry, 'greeter')(new RealGreeter()).greet('a');
    const text = await registry.metrics();
    const sum = Number(
      /delinkcious_service_call_duration_seconds_sum\{service="slow",method="greet",outcome="ok"\} (\S+)/.exec(
        text,
      )?.[1],
    );
    expect(sum).toBeGreaterThanOrEqual(0.015);
    expect(sum).toBeLessThan(5);
    expect(text).toContain(
      'delinkcious_service_calls_total{service="greeter",method="greet",outcome="ok"} 1',
    );
    expect(text).toContain('delinkcious_service_calls_total{service="slow",method="greet",outcome="ok"} 1');
  });

  it('metrics count every call of a method and outcome on one series', async () => {
    const registry = new Registry();
    const greeter = metricsMiddleware<Greeter>(registry, 'greeter')(new RealGreeter());
    for (let i = 0; i < 3; i++) await greeter.fail('down').catch(() => {});
    expect(await registry.metrics()).toContain(
      'delinkcious_service_calls_total{service="greeter",method="fail",outcome="UNAVAILABLE"} 3',
    );
  });

  it('metrics count calls and time them by method and outcome', async () => {
    const registry = new Registry();
    const greeter = metricsMiddleware<Greeter>(registry, 'greeter')(new RealGreeter());
    await greeter.greet('a');
    await greeter.greet('b');
    await greeter.fail('missing').catch(() => {});
    const text = await registry.metrics();
    expect(text).toContain(
      'delinkcious_service_calls_total{service="greeter",method="greet",outcome="ok"} 2',
    );
    expect(text).toContain(
      'delinkcious_service_calls_total{service="greeter",method="fail",outcome="NOT_FOUND"} 1',
    );
    expect(text).toContain(
      'delinkcious_service_call_duration_seconds_count{service="greeter",method="greet",outcome="ok"} 2',
    );
  });

  it('metrics describe both series, and time calls from 1 ms to 5 s', async () => {
    const registry = new Registry();
    await metricsMiddleware<Greeter>(registry, 'greeter')(new RealGreeter()).greet('a');
    const text = await registry.metrics();
    expect(text).toMatch(/^# HELP delinkcious_service_calls_total \S/m);
    expect(text).toMatch(/^# HELP delinkcious_service_call_duration_seconds \S/m);
    const bounds = [...text.matchAll(/_bucket\{le="([^"]+)"/g)].map((match) => match[1]);
    expect([bounds[0], bounds.at(-2), bounds.at(-1)]).toEqual(['0.001', '5', '+Inf']);
  });

  describe('tracing', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const contextManager = new AsyncLocalStorageContextManager();
    beforeAll(() => {
      context.setGlobalContextManager(contextManager.enable());
      trace.setGlobalTracerProvider(provider);
    });
    afterAll(async () => {
      await provider.shutdown();
      trace.disable();
      context.disable();
    });

    it('opens one span per call, marks server faults as errors but not the caller’s', async () => {
      const greeter = tracingMiddleware<Greeter>('greeter')(new RealGreeter());
      await greeter.greet('a');
      await greeter.fail('missing').catch(() => {});
      await greeter.fail('bug').catch(() => {});
      const spans = exporter.getFinishedSpans();
      expect(spans.map((s) => s.name)).toEqual(['greeter.greet', 'greeter.fail', 'greeter.fail']);
      expect(spans.map((s) => s.attributes['delinkcious.outcome'])).toEqual(['ok', 'NOT_FOUND', 'INTERNAL']);
      expect(spans.map((s) => s.status.code)).toEqual([0, 0, 2]);
      exporter.reset();
    });

    it('records a server fault’s message and exception on the span, and a dependency’s outage as a fault', async () => {
      const greeter = tracingMiddleware<Greeter>('greeter')(new RealGreeter());
      await greeter.fail('down').catch(() => {});
      await greeter.fail('missing').catch(() => {});
      const [down, missing] = exporter.getFinishedSpans();
      expect(down.status).toEqual({ code: 2, message: 'greeting store is down' });
      expect(down.events.map((event) => event.name)).toEqual(['exception']);
      expect(down.attributes['delinkcious.outcome']).toBe('UNAVAILABLE');
      expect(missing.events).toEqual([]);
      exporter.reset();
    });

    it('opens CLIENT spans on a client’s side and INTERNAL ones on a server’s', async () => {
      await tracingMiddleware<Greeter>('greeter-client', 'client')(new RealGreeter()).greet('a');
      await tracingMiddleware<Greeter>('greeter')(new RealGreeter()).greet('a');
      expect(
        exporter.getFinishedSpans().map((span) => [span.name, span.kind, span.instrumentationScope.name]),
      ).toEqual([
        ['greeter-client.greet', SpanKind.CLIENT, 'delinkcious'],
        ['greeter.greet', SpanKind.INTERNAL, 'delinkcious'],
      ]);
      exporter.reset();
    });
  });

  it('instrument keeps the interface and the results, and leaves non-method properties alone', async () => {
    const { logger } = captureLogs();
    const greeter = instrument<Greeter>(new RealGreeter(), {
      name: 'greeter',
      logger,
      registry: new Registry(),
    });
    await expect(greeter.greet('z')).resolves.toBe('hello z!');
    await expect(greeter.fail('bug')).rejects.toBeInstanceOf(TypeError);
    expect(greeter.greet).toBe(greeter.greet);
  });
});
