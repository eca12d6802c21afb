import * as grpc from '@grpc/grpc-js';
import { loadHealthProto } from '../../../../pb/protos';
import type { HealthCheckRequest__Output } from '../../../../pb/generated/grpc/health/v1/HealthCheckRequest';
import type { HealthCheckResponse } from '../../../../pb/generated/grpc/health/v1/HealthCheckResponse';
import type { HealthHandlers } from '../../../../pb/generated/grpc/health/v1/Health';

type ServingStatus = 'SERVING' | 'NOT_SERVING';

/**
 * The standard grpc.health.v1.Health service. "" is the whole server; each mounted
 * service is known by its full name (e.g. `pb.News`).
 */
export class HealthService {
  private readonly statuses = new Map<string, ServingStatus>();
  private readonly watchers = new Set<
    grpc.ServerWritableStream<HealthCheckRequest__Output, HealthCheckResponse>
  >();

  set(service: string, status: ServingStatus): void {
    this.statuses.set(service, status);
    for (const call of this.watchers) {
      if (call.request.service === service) call.write({ status });
    }
  }

  setAll(status: ServingStatus): void {
    for (const service of this.statuses.keys()) this.set(service, status);
  }

  readonly definition: grpc.ServiceDefinition = loadHealthProto().grpc.health.v1.Health.service;

  readonly handlers: HealthHandlers = {
    Check: (call, callback) => {
      const status = this.statuses.get(call.request.service);
      if (!status) {
        callback({ code: grpc.status.NOT_FOUND, details: `unknown service ${call.request.service}` });
        return;
      }
      callback(null, { status });
    },
    Watch: (call) => {
      this.watchers.add(call);
      call.write({ status: this.statuses.get(call.request.service) ?? 'SERVICE_UNKNOWN' });
      call.on('cancelled', () => this.watchers.delete(call));
      call.on('close', () => this.watchers.delete(call));
    },
  };

  /** Ends open Watch streams so the server can shut down. */
  endWatches(): void {
    for (const call of this.watchers) call.end();
    this.watchers.clear();
  }
}
