// Original file: pb/news.proto

import type { EventType as _pb_EventType, EventType__Output as _pb_EventType__Output } from '../pb/EventType';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../google/protobuf/Timestamp';

export interface Event {
  'eventType'?: (_pb_EventType);
  'username'?: (string);
  'url'?: (string);
  'timestamp'?: (_google_protobuf_Timestamp | null);
  'title'?: (string);
}

export interface Event__Output {
  'eventType': (_pb_EventType__Output);
  'username': (string);
  'url': (string);
  'timestamp': (_google_protobuf_Timestamp__Output | null);
  'title': (string);
}
