export const LINK_STATUSES = ['pending', 'valid', 'invalid'] as const;
export type LinkStatus = (typeof LINK_STATUSES)[number];

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

/** Query of a user's links; `url`, `title` and `description` are unanchored RE2 patterns. */
export interface GetLinksRequest {
  username: string;
  url?: string;
  title?: string;
  description?: string;
  tag?: string;
  /** Opaque page token from a previous `nextPageToken`. */
  start?: string;
  /** 1–100, default 10. */
  limit?: number;
}

export interface GetLinksResult {
  links: Link[];
  /** `""` on the last page. */
  nextPageToken: string;
}

export interface AddLinkRequest {
  username: string;
  url: string;
  title: string;
  description?: string;
  tags?: string[];
}

export interface UpdateLinkRequest {
  username: string;
  url: string;
  title?: string;
  description?: string;
  addTags?: string[];
  removeTags?: string[];
}

export interface DeleteLinkRequest {
  username: string;
  url: string;
}

export interface LinkManager {
  getLinks(request: GetLinksRequest): Promise<GetLinksResult>;
  addLink(request: AddLinkRequest): Promise<Link>;
  updateLink(request: UpdateLinkRequest): Promise<Link>;
  deleteLink(request: DeleteLinkRequest): Promise<void>;
}

/** The link checker's verdict on a url, applied by the link service (not part of the public API). */
export interface SetLinkStatusRequest {
  username: string;
  url: string;
  status: Exclude<LinkStatus, 'pending'>;
}
