import { guardRpc, type CallGuard } from '../../pkg/auth';
import { unaryRoute, type GrpcServiceMount } from '../../pkg/kit';
import { newsEventToWire, newsServiceAccess } from '../../pkg/contracts/news-service';
import type { GetNewsRequest, GetNewsResult, NewsManager } from '../../pkg/object-model';
import { loadNewsProto } from '../../pb/protos';
import type { GetNewsRequest__Output } from '../../pb/generated/pb/GetNewsRequest';
import type { GetNewsResponse } from '../../pb/generated/pb/GetNewsResponse';

/** The SPEC's News service (pb/news.proto), to the callers its access table names. */
export function newsGrpcService(svc: NewsManager, guard?: CallGuard): GrpcServiceMount {
  return {
    name: 'pb.News',
    definition: loadNewsProto().pb.News.service,
    routes: {
      GetNews: unaryRoute({
        authorize: guard && guardRpc<GetNewsRequest__Output>(newsServiceAccess.GetNews, guard),
        decode: (request: GetNewsRequest__Output): GetNewsRequest => ({
          username: request.username,
          startToken: request.startToken,
        }),
        endpoint: (request) => svc.getNews(request),
        // `err` stays empty: failures are gRPC status codes.
        encode: (result: GetNewsResult): GetNewsResponse => ({
          events: result.events.map(newsEventToWire),
          nextToken: result.nextToken,
          err: '',
        }),
      }),
    },
  };
}
