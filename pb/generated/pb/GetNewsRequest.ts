// Original file: pb/news.proto


export interface GetNewsRequest {
  'username'?: (string);
  'startToken'?: (string);
}

export interface GetNewsRequest__Output {
  'username': (string);
  'startToken': (string);
}
