/** Numbers match `pb/news.proto`'s EventType. */
export const NEWS_EVENT_TYPES = ['LINK_ADDED', 'LINK_UPDATED', 'LINK_DELETED'] as const;
export type NewsEventType = (typeof NEWS_EVENT_TYPES)[number];

/** One entry of a feed: something the followed `username` (the author) did to a link. */
export interface NewsEvent {
  eventType: NewsEventType;
  /** The author of the link: the person followed. */
  username: string;
  url: string;
  /** RFC 3339 */
  timestamp: string;
  title?: string;
}

export interface GetNewsRequest {
  username: string;
  startToken?: string;
}

export interface GetNewsResult {
  events: NewsEvent[];
  /** `""` when there is nothing older. */
  nextToken: string;
}

export interface NewsManager {
  getNews(request: GetNewsRequest): Promise<GetNewsResult>;
}
