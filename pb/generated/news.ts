import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { Event as _pb_Event, Event__Output as _pb_Event__Output } from './pb/Event';
import type { GetNewsRequest as _pb_GetNewsRequest, GetNewsRequest__Output as _pb_GetNewsRequest__Output } from './pb/GetNewsRequest';
import type { GetNewsResponse as _pb_GetNewsResponse, GetNewsResponse__Output as _pb_GetNewsResponse__Output } from './pb/GetNewsResponse';
import type { NewsClient as _pb_NewsClient, NewsDefinition as _pb_NewsDefinition } from './pb/News';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
  }
  pb: {
    Event: MessageTypeDefinition<_pb_Event, _pb_Event__Output>
    EventType: EnumTypeDefinition
    GetNewsRequest: MessageTypeDefinition<_pb_GetNewsRequest, _pb_GetNewsRequest__Output>
    GetNewsResponse: MessageTypeDefinition<_pb_GetNewsResponse, _pb_GetNewsResponse__Output>
    News: SubtypeConstructor<typeof grpc.Client, _pb_NewsClient> & { service: _pb_NewsDefinition }
  }
}

