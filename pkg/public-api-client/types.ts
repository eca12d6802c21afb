/**
 * The public API's wire types. They are the domain's types without `username` (on the
 * public API the user comes from the session), as the gateway's schemas are. When the client
 * is generated from `/openapi.json`, these become aliases of the generated schema types.
 * Only pure type modules are imported, so the web app's bundle takes nothing of the server.
 */
import type {
  AddLinkRequest,
  GetLinksRequest,
  GetLinksResult,
  UpdateLinkRequest,
} from '../object-model/link';
import type { GetNewsResult } from '../object-model/news';
import type { User } from '../object-model/user';

export type { Link, LinkStatus, TagCount } from '../object-model/link';
export type { NewsEvent, NewsEventType } from '../object-model/news';
export type { User } from '../object-model/user';
/** `{ added, updated, skipped: [{ url, reason }] }`: what POST /v1/import did. */
export type { ImportReport } from '../object-model/link-import';

/** A new feed token, shown once; `newsFeed` and `linksFeed` are paths on the gateway. */
export interface FeedToken {
  token: string;
  newsFeed: string;
  linksFeed: string;
}

/**
 * `q` is a search as people type it (words, `tag:name`, `-word`); `url`, `title` and
 * `description` are RE2 patterns (unanchored, case-sensitive); `start` a page token.
 */
export type LinkFilter = Omit<GetLinksRequest, 'username'>;
/** `nextPageToken` is `""` on the last page. */
export type LinksPage = GetLinksResult;
export type NewLink = Omit<AddLinkRequest, 'username'>;
export type LinkChange = Omit<UpdateLinkRequest, 'username'>;
/** `nextToken` is `""` on the last page. */
export type NewsPage = GetNewsResult;

export interface Session extends User {
  session: string;
}
