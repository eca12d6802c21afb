// Original file: pb/news.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetNewsRequest as _pb_GetNewsRequest, GetNewsRequest__Output as _pb_GetNewsRequest__Output } from '../pb/GetNewsRequest';
import type { GetNewsResponse as _pb_GetNewsResponse, GetNewsResponse__Output as _pb_GetNewsResponse__Output } from '../pb/GetNewsResponse';

export interface NewsClient extends grpc.Client {
  GetNews(argument: _pb_GetNewsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_pb_GetNewsResponse__Output>): grpc.ClientUnaryCall;
  GetNews(argument: _pb_GetNewsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_pb_GetNewsResponse__Output>): grpc.ClientUnaryCall;
  GetNews(argument: _pb_GetNewsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_pb_GetNewsResponse__Output>): grpc.ClientUnaryCall;
  GetNews(argument: _pb_GetNewsRequest, callback: grpc.requestCallback<_pb_GetNewsResponse__Output>): grpc.ClientUnaryCall;
  getNews(argument: _pb_GetNewsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_pb_GetNewsResponse__Output>): grpc.ClientUnaryCall;
  getNews(argument: _pb_GetNewsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_pb_GetNewsResponse__Output>): grpc.ClientUnaryCall;
  getNews(argument: _pb_GetNewsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_pb_GetNewsResponse__Output>): grpc.ClientUnaryCall;
  getNews(argument: _pb_GetNewsRequest, callback: grpc.requestCallback<_pb_GetNewsResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface NewsHandlers extends grpc.UntypedServiceImplementation {
  GetNews: grpc.handleUnaryCall<_pb_GetNewsRequest__Output, _pb_GetNewsResponse>;
  
}

export interface NewsDefinition extends grpc.ServiceDefinition {
  GetNews: MethodDefinition<_pb_GetNewsRequest, _pb_GetNewsResponse, _pb_GetNewsRequest__Output, _pb_GetNewsResponse__Output>
}
