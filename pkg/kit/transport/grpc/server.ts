import { context, propagation } from '@opentelemetry/api';
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { REQUEST_ID_HEADER, runWithRequestId } from '../../request-context';
import { metadataGetter } from './trace-metadata';
import { toGrpcStatus } from './errors';
import { HealthService } from './health';
import type { MountableUnaryRoute } from './route';

export interface GrpcServiceMount {
  /** Full name for the health service, e.g. `pb.News`. */
  name: string;
  definition: grpc.ServiceDefinition;
  /** One route per rpc, keyed by the rpc's name in the .proto. */
  routes: Record<string, MountableUnaryRoute>;
}

export interface GrpcServerOptions {
  logger: Logger;
  services: GrpcServiceMount[];
  /** How long stop() lets in-flight calls finish before cutting them. */
  shutdownGraceMs?: number;
}

export interface GrpcServer {
  server: grpc.Server;
  health: HealthService;
  /** Binds (port 0 = any free port) and reports SERVING; resolves to the bound port. */
  listen(port: number, host?: string): Promise<number>;
  /** Reports NOT_SERVING, stops accepting, lets in-flight calls finish (bounded). */
  stop(): Promise<void>;
}

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

function requestIdOf(metadata: grpc.Metadata): string {
  const [incoming] = metadata.get(REQUEST_ID_HEADER);
  return typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
}

function handlerOf(
  route: MountableUnaryRoute,
  rpc: string,
  logger: Logger,
): grpc.handleUnaryCall<unknown, unknown> {
  return (call, callback) => {
    const requestId = requestIdOf(call.metadata);
    // Continue the caller's trace (W3C trace context in the metadata), if it sent one.
    const traced = propagation.extract(context.active(), call.metadata, metadataGetter);
    void context.with(traced, () =>
      runWithRequestId(requestId, async () => {
        try {
          await route.authorize?.(call.request, call.metadata);
          callback(null, await route.handle(call.request, { requestId }));
        } catch (error) {
          const status = toGrpcStatus(error);
          if (status.code === grpc.status.INTERNAL)
            logger.error({ err: error, rpc, requestId }, 'call failed');
          callback(status);
        }
      }),
    );
  };
}

/**
 * A grpc-js server with the project's conventions: request ids from metadata, domain
 * errors as real gRPC status codes (one table), unknown errors as INTERNAL with no
 * details, and the standard grpc.health.v1.Health service.
 */
export function createGrpcServer(options: GrpcServerOptions): GrpcServer {
  const server = new grpc.Server();
  const health = new HealthService();
  for (const mount of options.services) {
    const handlers: grpc.UntypedServiceImplementation = {};
    for (const [rpc, route] of Object.entries(mount.routes)) {
      handlers[rpc] = handlerOf(route, `${mount.name}/${rpc}`, options.logger);
    }
    server.addService(mount.definition, handlers);
  }
  server.addService(health.definition, health.handlers);
  const names = ['', ...options.services.map((mount) => mount.name)];
  for (const name of names) health.set(name, 'NOT_SERVING');

  return {
    server,
    health,
    listen: (port, host = '0.0.0.0') =>
      new Promise((resolve, reject) => {
        server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) => {
          if (error) return reject(error);
          health.setAll('SERVING');
          resolve(bound);
        });
      }),
    stop: () =>
      new Promise((resolve) => {
        health.setAll('NOT_SERVING');
        health.endWatches();
        const force = setTimeout(() => server.forceShutdown(), options.shutdownGraceMs ?? 5000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}
