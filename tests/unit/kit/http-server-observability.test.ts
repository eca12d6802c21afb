import { Writable } from 'node:stream';
import pino from 'pino';
import { z } from 'zod';
import { createHttpServer, defineOperations, serveOperations } from '../../../pkg/kit';
import { createMetricsRegistry } from '../../../pkg/observability';

const operations = defineOperations({
  get: {
    method: 'GET',
    path: '/things/:id',
    summary: 'One thing',
    request: { in: 'params', schema: z.strictObject({ id: z.string().max(8) }) },
    response: z.object({ id: z.string() }),
    status: 200,
    idempotent: true,
  },
});

/** A server whose log lines at `level` are collected as parsed JSON. */
function build(level: 'info' | 'debug') {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const registry = createMetricsRegistry('kit-observability-test', false);
  const app = createHttpServer({
    logger: pino({ level }, sink),
    registry,
    readiness: {},
    routes: serveOperations(operations, { get: async ({ id }) => ({ id }) }),
  });
  const accessLines = () => lines.filter((line) => line.msg === 'request');
  return { app, registry, lines, accessLines };
}

describe('the HTTP server’s access line and request histogram', () => {
  it('logs failed answers at info and successful ones only at debug', async () => {
    const quiet = build('info');
    await quiet.app.inject({ method: 'GET', url: '/things/a' });
    await quiet.app.inject({ method: 'GET', url: '/nowhere' });
    await quiet.app.inject({ method: 'GET', url: '/things/longer-than-8' });
    expect(quiet.accessLines()).toEqual([
      expect.objectContaining({ level: 30, method: 'GET', path: '/nowhere', status: 404 }),
      expect.objectContaining({ level: 30, method: 'GET', path: '/things/:id', status: 400 }),
    ]);

    const verbose = build('debug');
    await verbose.app.inject({ method: 'GET', url: '/things/a' });
    expect(verbose.accessLines()).toEqual([
      expect.objectContaining({ level: 20, method: 'GET', path: '/things/:id', status: 200 }),
    ]);
  });

  it('writes no line of its own for a successful request at info (the service middleware logs calls)', async () => {
    const { app, lines } = build('info');
    await app.inject({ method: 'GET', url: '/things/a' });
    expect(lines).toEqual([]);
  });

  it('logs the path of an unmatched request without its query string', async () => {
    const { app, accessLines } = build('info');
    await app.inject({ method: 'GET', url: '/nowhere?token=secret' });
    expect(accessLines()).toEqual([expect.objectContaining({ path: '/nowhere', status: 404 })]);
  });

  it('gives the access line the request id and the duration in milliseconds', async () => {
    const { app, accessLines } = build('info');
    await app.inject({ method: 'GET', url: '/nowhere', headers: { 'x-request-id': 'req-7' } });
    const [line] = accessLines();
    expect(line.requestId).toBe('req-7');
    expect(line.durationMs).toBeGreaterThan(0);
    expect(line.durationMs).toBeLessThan(5000);
  });

  it('records durations in seconds, in buckets from 1 ms to 5 s', async () => {
    const { app, registry } = build('info');
    await app.inject({ method: 'GET', url: '/things/a' });
    const text = await registry.metrics();
    const series = 'service="kit-observability-test",method="GET",route="/things/:id",status="200"';
    expect(text).toContain(
      '# HELP delinkcious_http_request_duration_seconds HTTP request duration in seconds, by method, route template and status.',
    );
    expect(text).toContain(`delinkcious_http_request_duration_seconds_bucket{le="0.001",${series}}`);
    expect(text).toContain(`delinkcious_http_request_duration_seconds_bucket{le="5",${series}} 1`);
    const sum = Number(new RegExp(`_sum\\{${series}\\} (\\S+)`).exec(text)?.[1]);
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(5);
  });

  it('counts each answer under its method, route template and status', async () => {
    const { app, registry } = build('info');
    for (const url of ['/things/a', '/things/b', '/nowhere']) await app.inject({ method: 'GET', url });
    const text = await registry.metrics();
    expect(text).toContain(
      'delinkcious_http_request_duration_seconds_count{service="kit-observability-test",method="GET",route="/things/:id",status="200"} 2',
    );
    expect(text).toContain(
      'delinkcious_http_request_duration_seconds_count{service="kit-observability-test",method="GET",route="unmatched",status="404"} 1',
    );
  });
});
