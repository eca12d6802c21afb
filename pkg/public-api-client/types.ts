/**
 * The public API's wire types, as `/openapi.json` describes them today. When the client is
 * generated from that document, these become aliases of the generated schema types.
 */
export type LinkStatus = 'pending' | 'valid' | 'invalid';

export interface Link {
  url: string;
  title: string;
  description: string;
  tags: string[];
  status: LinkStatus;
  /** RFC 3339 */
  createdAt: string;
  /** RFC 3339 */
  updatedAt: string;
}

/** `url`, `title` and `description` are RE2 patterns (unanchored, case-sensitive). */
export interface LinkFilter {
  url?: string;
  title?: string;
  description?: string;
  tag?: string;
  /** The `nextPageToken` of the previous page. */
  start?: string;
  /** 1–100, default 10. */
  limit?: number;
}

export interface LinksPage {
  links: Link[];
  /** `""` on the last page. */
  nextPageToken: string;
}

export interface NewLink {
  url: string;
  title: string;
  description?: string;
  tags?: string[];
}

export interface LinkChange {
  url: string;
  title?: string;
  description?: string;
  addTags?: string[];
  removeTags?: string[];
}

export interface User {
  username: string;
  email: string;
}

export interface Session extends User {
  session: string;
}

export type NewsEventType = 'LINK_ADDED' | 'LINK_UPDATED' | 'LINK_DELETED';

export interface NewsEvent {
  eventType: NewsEventType;
  /** The author: the person followed. */
  username: string;
  url: string;
  timestamp: string;
  title?: string;
}

export interface NewsPage {
  events: NewsEvent[];
  /** `""` on the last page. */
  nextToken: string;
}
