import * as grpc from '@grpc/grpc-js';
import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  ExponentialBackoff,
  circuitBreaker,
  handleWhen,
  retry,
  wrap,
  type IPolicy,
} from 'cockatiel';
import { UnavailableError } from '../../../object-model';
import { REQUEST_ID_HEADER, currentRequestId } from '../../request-context';
import { fromGrpcError } from './errors';

export interface GrpcClientOptions {
  /** `host:port` */
  address: string;
  /** Name used in error messages: "news-service is unavailable". */
  target: string;
  /** Deadline of each attempt. */
  timeoutMs?: number;
  /** Attempts for idempotent calls (1 = no retry). */
  maxAttempts?: number;
  /** Consecutive failures that open the circuit, and how long it stays open. */
  breakAfter?: number;
  halfOpenAfterMs?: number;
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

const transient = handleWhen((error) => error instanceof UnavailableError);

/**
 * The client side of the gRPC transport: a deadline on every attempt, the service's
 * domain errors back as the same classes, retries for idempotent calls, and a circuit
 * breaker so a dead dependency fails fast with UNAVAILABLE.
 */
export class GrpcTransportClient<C extends grpc.Client> {
  private readonly client: C;
  private readonly timeoutMs: number;
  private readonly breaker: IPolicy;
  private readonly retrying: IPolicy;

  constructor(
    Client: ClientConstructor<C>,
    private readonly options: GrpcClientOptions,
  ) {
    this.client = new Client(options.address, grpc.credentials.createInsecure());
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.breaker = circuitBreaker(transient, {
      halfOpenAfter: options.halfOpenAfterMs ?? 5000,
      breaker: new ConsecutiveBreaker(options.breakAfter ?? 5),
    });
    const retries = retry(transient, {
      maxAttempts: Math.max(0, (options.maxAttempts ?? 3) - 1),
      backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 500 }),
    });
    this.retrying = wrap(retries, this.breaker);
  }

  async unary<Req, Res>(invoke: UnaryInvoker<C, Req, Res>, request: Req, idempotent: boolean): Promise<Res> {
    try {
      const policy = idempotent ? this.retrying : this.breaker;
      return await policy.execute(() => this.once(invoke, request));
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        throw new UnavailableError(`${this.options.target} is unavailable (circuit open)`);
      }
      throw error;
    }
  }

  close(): void {
    this.client.close();
  }

  private once<Req, Res>(invoke: UnaryInvoker<C, Req, Res>, request: Req): Promise<Res> {
    const metadata = new grpc.Metadata();
    const requestId = currentRequestId();
    if (requestId) metadata.set(REQUEST_ID_HEADER, requestId);
    const deadline = new Date(Date.now() + this.timeoutMs);
    return new Promise((resolve, reject) => {
      invoke(this.client, request, metadata, { deadline }, (error, response) => {
        if (error) reject(fromGrpcError(error, this.options.target, this.timeoutMs));
        else resolve(response as Res);
      });
    });
  }
}
