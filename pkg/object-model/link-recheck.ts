import type { Link } from './link';

/** Carried by the LINK_EVENTS stream (`links.>`); only the link checker consumes it, never the news. */
export const LINK_RECHECK_SUBJECT = 'links.recheck';

/**
 * Asks the link checker to check a link again (published by the `recheck-links` job).
 * Shaped like a LinkEvent where the checker reads one: `id`, `author`, `link.url`.
 */
export interface LinkRecheckEvent {
  id: string;
  author: string;
  link: Pick<Link, 'url' | 'status'>;
  /** RFC 3339 */
  requestedAt: string;
}
