// Original file: pb/news.proto

import type { Event as _pb_Event, Event__Output as _pb_Event__Output } from '../pb/Event';

export interface GetNewsResponse {
  'events'?: (_pb_Event)[];
  'nextToken'?: (string);
  'err'?: (string);
}

export interface GetNewsResponse__Output {
  'events': (_pb_Event__Output)[];
  'nextToken': (string);
  'err': (string);
}
