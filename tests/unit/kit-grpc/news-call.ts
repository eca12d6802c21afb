import type * as grpc from '@grpc/grpc-js';
import { loadNewsProto } from '../../../pb/protos';
import type { NewsClient } from '../../../pb/generated/pb/News';
import type { GetNewsRequest } from '../../../pb/generated/pb/GetNewsRequest';
import type { GetNewsResponse__Output } from '../../../pb/generated/pb/GetNewsResponse';

/** The transport is generic; the News definition is just the one at hand. */
export const News = loadNewsProto().pb.News;

/** News.GetNews as the transport's client calls a unary method. */
export const getNews = (
  client: NewsClient,
  request: GetNewsRequest,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: grpc.requestCallback<GetNewsResponse__Output>,
) => client.GetNews(request, metadata, options, callback);
