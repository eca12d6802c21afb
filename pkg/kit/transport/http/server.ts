import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { context, propagation, type Context } from '@opentelemetry/api';
import fp from 'fastify-plugin';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyServerOptions,
} from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { errorBody } from '../../error-codes';
import { REQUEST_ID_HEADER, runWithRequestId } from '../../request-context';
import { registerAdminRoutes, type ReadinessChecks } from './admin-routes';
import { trackAllowedMethods } from './allowed-methods';
import { handleClientError, handleHttpError } from './error-handler';
import { recordRequestMetrics } from './request-metrics';
import type { MountableRoute } from './route';

export interface HttpServerOptions {
  logger: Logger;
  registry: Registry;
  readiness: ReadinessChecks;
  routes?: MountableRoute[];
  /** Largest accepted request body in bytes. */
  bodyLimit?: number;
  /** fastify plugins (CORS, rate limits, OpenAPI, …), registered in order before the routes. */
  plugins?: Array<(app: FastifyInstance) => Promise<void>>;
  /** Reverse proxies in front whose X-Forwarded-For is trusted for `request.ip`; 0 or unset: none. */
  trustProxy?: number;
}

type CompilersFactory = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>;
/** fastify types these factories with ajv's and fast-json-stringify's signatures; zod's compilers are called the same way. */
const zodCompilers = {
  buildValidator: () => validatorCompiler,
  buildSerializer: () => serializerCompiler,
} as unknown as CompilersFactory;

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * A fastify server with the project's conventions: request ids that travel between
 * services, zod schemas that validate requests and serialise responses (a number where
 * a string belongs is a 400, not silently converted), the SPEC's error body for every
 * error, and the admin routes.
 */
export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  const proxyHops = options.trustProxy ?? 0;
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    // Service middleware logs each call; the access line below covers the rest once.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? 256 * 1024,
    requestIdHeader: false,
    genReqId: (request) => {
      const incoming = request.headers[REQUEST_ID_HEADER];
      return typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
    },
    // Refused by each route instead (mount, below), with the SPEC's error body.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    // Trust exactly that many hops of X-Forwarded-For, counted from this server outwards.
    trustProxy: proxyHops > 0 ? (_address: string, hop: number) => hop < proxyHops : false,
    // What fastify and Node refuse before any route runs (a bad URL, headers too large, an
    // unknown method) answers the SPEC's error body too.
    frameworkErrors: handleHttpError,
    clientErrorHandler: handleClientError,
    // zod validates requests and serialises responses. Given as the compilers' factories,
    // not set afterwards, so fastify never loads its default ajv and fast-json-stringify
    // compilers (about 0.15 s of every start, for code that would never run).
    schemaController: {
      compilersFactory: zodCompilers,
    },
  });
  // Every body is JSON: anything else (text/plain included) is 415, not a string handed to a route.
  app.removeContentTypeParser('text/plain');
  const allowedMethods = trackAllowedMethods(app);

  app.setErrorHandler(handleHttpError);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    const allowed = allowedMethods(path);
    if (allowed.length > 0 && !allowed.includes(request.method)) {
      void reply
        .code(405)
        .header('allow', [...allowed, ...(allowed.includes('GET') ? ['HEAD'] : [])].join(', '))
        .send(
          errorBody(
            'METHOD_NOT_ALLOWED',
            `${path} does not answer ${request.method}; it answers ${allowed.join(', ')}`,
          ),
        );
      return;
    }
    void reply.code(404).send(errorBody('NOT_FOUND', `no route ${request.method} ${path}`));
  });
  // Whether close() has begun: each route then refuses (mount, below). Checked in the route's
  // handler, not in an onRequest hook, so the requests of a running server pay nothing for it.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (request, reply) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    // Most answers are logged at debug, off by default: build the line only when it is written.
    if (reply.statusCode < 400 && !options.logger.isLevelEnabled('debug')) return;
    const line = {
      requestId: request.id,
      method: request.method,
      path: request.routeOptions.url ?? request.url.split('?')[0],
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 1000) / 1000,
    };
    if (reply.statusCode >= 400) request.log.info(line, 'request');
    else request.log.debug(line, 'request');
  });

  recordRequestMetrics(app, options.registry);

  // fastify-plugin lifts each plugin out of its own scope, so its hooks cover every route.
  for (const plugin of options.plugins ?? []) void app.register(fp(plugin));
  // Inside a plugin of its own, so the routes are added after every plugin above has loaded.
  void app.register(async (scope) => {
    registerAdminRoutes(scope, options.registry, options.readiness);
    for (const route of options.routes ?? []) mount(scope, route, () => closing);
  });
  return app;
}

function mount(app: FastifyInstance, route: MountableRoute, closing: () => boolean): void {
  app.route({
    method: route.method,
    url: route.url,
    schema: route.schema,
    preValidation: route.authorize && (async (request) => route.authorize!(request)),
    handler: (request, reply) => {
      // A request that reaches a replica shutting down (the next one on a keep-alive
      // connection) is refused with 503; fastify closes that connection after it, so the
      // client sends it again on a new connection, to another replica.
      if (closing()) {
        return reply
          .code(503)
          .send(errorBody('UNAVAILABLE', 'this replica is shutting down; send the request again'));
      }
      // Continue the caller's trace (W3C headers), if it sent one.
      return context.with(callerContext(request.headers), () =>
        runWithRequestId(request.id, async () => {
          const { status, body } = await route.handle(request, { requestId: request.id });
          if (body === undefined) return reply.code(status).send();
          return reply.code(status).send(body);
        }),
      );
    },
  });
}

/**
 * The caller's trace context (W3C headers, or whichever the configured propagator reads);
 * the active context, without a lookup, when the caller sent none of those headers.
 */
function callerContext(headers: IncomingHttpHeaders): Context {
  const sent = propagation.fields().some((field) => headers[field] !== undefined);
  return sent ? propagation.extract(context.active(), headers) : context.active();
}
