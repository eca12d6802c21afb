import { context, propagation } from '@opentelemetry/api';
import * as grpc from '@grpc/grpc-js';
import { REQUEST_ID_HEADER, currentRequestId } from '../../request-context';
import { metadataSetter } from './trace-metadata';
import { CallPolicy, type ResilienceOptions } from '../resilience';
import { fromGrpcError } from './errors';

export interface GrpcClientOptions extends ResilienceOptions {
  /** `host:port` */
  address: string;
  /** Deadline of each attempt. */
  timeoutMs?: number;
  /** Metadata worked out per call (a caller token, the proof of the user it is made for). */
  callMetadata?: () => Record<string, string>;
}

/** One rpc of a generated client, in its (request, metadata, options, callback) form. */
export type UnaryInvoker<C, Req, Res> = (
  client: C,
  request: Req,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null, response?: Res) => void,
) => void;

type ClientConstructor<C> = new (
  address: string,
  credentials: grpc.ChannelCredentials,
  options?: grpc.ClientOptions,
) => C;

/**
 * The client side of the gRPC transport: a deadline on every attempt, the service's
 * domain errors back as the same classes, retries for idempotent calls, and a circuit
 * breaker so a dead dependency fails fast with UNAVAILABLE.
 */
export class GrpcTransportClient<C extends grpc.Client> {
  private readonly client: C;
  private readonly timeoutMs: number;
  private readonly policy: CallPolicy;

  constructor(
    Client: ClientConstructor<C>,
    private readonly options: GrpcClientOptions,
  ) {
    this.client = new Client(options.address, grpc.credentials.createInsecure());
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.policy = new CallPolicy(options);
  }

  unary<Req, Res>(invoke: UnaryInvoker<C, Req, Res>, request: Req, idempotent: boolean): Promise<Res> {
    return this.policy.execute(() => this.once(invoke, request), idempotent);
  }

  close(): void {
    this.client.close();
  }

  private once<Req, Res>(invoke: UnaryInvoker<C, Req, Res>, request: Req): Promise<Res> {
    const metadata = new grpc.Metadata();
    const requestId = currentRequestId();
    if (requestId) metadata.set(REQUEST_ID_HEADER, requestId);
    for (const [key, value] of Object.entries(this.options.callMetadata?.() ?? {})) metadata.set(key, value);
    // W3C trace context in the metadata, as the HTTP client sends it in headers.
    propagation.inject(context.active(), metadata, metadataSetter);
    const deadline = new Date(Date.now() + this.timeoutMs);
    return new Promise((resolve, reject) => {
      invoke(this.client, request, metadata, { deadline }, (error, response) => {
        if (error) reject(fromGrpcError(error, this.options.target, this.timeoutMs));
        else resolve(response as Res);
      });
    });
  }
}
