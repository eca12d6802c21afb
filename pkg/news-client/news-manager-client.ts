import { callerCredentials } from '../auth';
import { GrpcTransportClient } from '../kit';
import type { GetNewsRequest, GetNewsResult, NewsManager } from '../object-model';
import { loadNewsProto } from '../../pb/protos';
import type { NewsClient } from '../../pb/generated/pb/News';
import type { GetNewsRequest as WireRequest } from '../../pb/generated/pb/GetNewsRequest';
import type { GetNewsResponse__Output } from '../../pb/generated/pb/GetNewsResponse';
import { newsEventFromWire } from '../contracts/news-service';

export interface NewsManagerClientOptions {
  /** `host:port` of the news service. */
  address: string;
  /** Deadline of each attempt. */
  timeoutMs?: number;
  /** This caller's token (README: Trust inside the cluster). */
  callerToken?: string;
}

/** NewsManager over gRPC: a caller cannot tell it from the local service. */
export class NewsManagerClient implements NewsManager {
  private readonly grpc: GrpcTransportClient<NewsClient>;

  constructor({ callerToken, ...options }: NewsManagerClientOptions) {
    const { headers, callHeaders } = callerCredentials(callerToken);
    this.grpc = new GrpcTransportClient(loadNewsProto().pb.News, {
      target: 'news-service',
      ...options,
      callMetadata: () => ({ ...headers, ...callHeaders() }),
    });
  }

  async getNews(request: GetNewsRequest): Promise<GetNewsResult> {
    const response = await this.grpc.unary<WireRequest, GetNewsResponse__Output>(
      (client, req, metadata, options, callback) => client.GetNews(req, metadata, options, callback),
      { username: request.username, startToken: request.startToken ?? '' },
      true,
    );
    return { events: response.events.map(newsEventFromWire), nextToken: response.nextToken };
  }

  close(): void {
    this.grpc.close();
  }
}
