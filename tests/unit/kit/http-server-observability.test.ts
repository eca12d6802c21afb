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
    request: { in: 'params', schema: z.strictObject({ id: z.string() }) },
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
  return { app, registry, accessLines };
}

describe('the HTTP server’s access line and request histogram', () => {
  it('logs failed answers at info and successful ones only at debug', async () => {
    const quiet = build('info');
    await quiet.app.inject({ method: 'GET', url: '/things/a' });
    await quiet.app.inject({ method: 'GET', url: '/nowhere' });
    expect(quiet.accessLines()).toEqual([
      expect.objectContaining({ level: 30, method: 'GET', path: '/nowhere', status: 404 }),
    ]);

    const verbose = build('debug');
    await verbose.app.inject({ method: 'GET', url: '/things/a' });
    expect(verbose.accessLines()).toEqual([
      expect.objectContaining({ level: 20, method: 'GET', path: '/things/:id', status: 200 }),
    ]);
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
