import type { Link, LinkEvent, LinkStatus, TagCount } from '../object-model';
import type { LinkSearch } from './link-search';

/** A link with its position in the owner's list: ids grow with insertion order. */
export interface StoredLink extends Link {
  id: string;
  /** With a search: how well the link matches (an integer, higher is better). */
  rank?: number;
}

export interface ListLinksQuery {
  username: string;
  tag?: string;
  /** Leave out private links (a listing anyone may read). */
  publicOnly?: boolean;
  /** Only the links that match, best first (rank, then newest); without it, newest first. */
  search?: LinkSearch;
  /** Keyset cursor: only links after this id (older) in the order above... */
  beforeId?: string;
  /** ...and, with a search, after this rank (links of equal rank continue by id). */
  beforeRank?: number;
  limit: number;
}

/** The link checker's verdict as stored. */
export interface LinkVerdict {
  status: LinkStatus;
  reason: string;
  checkedAt: string;
}

/** An event waiting in the outbox to be relayed to NATS. */
export interface OutboxEntry {
  /** Position in the outbox; relayed in this order. */
  position: string;
  /** The subject it is published on; normally its type's, links.imported for most of an import. */
  subject: string;
  event: LinkEvent;
}

/** An event for the outbox, with the subject it goes out on. */
export interface OutgoingEvent {
  subject: string;
  event: LinkEvent;
}

/** What an import writes, decided from the user's links as they are inside the transaction. */
export interface ImportPlan {
  /** In insertion order: the last one is listed first. */
  add: Link[];
  /** Existing urls with their new title, description and tags. */
  update: Link[];
  events: OutgoingEvent[];
}
export type ImportPlanner = (existing: Link[]) => ImportPlan;

/** The changed link, and its event unless nobody else may learn of the change (a private link). */
export type LinkChange = (current: Link) => { link: Link; event?: LinkEvent };

/**
 * Persistence of links. Every change writes its event to the outbox in the same
 * transaction: a change without its event, or an event without its change, cannot happen.
 * Changes to private links have no event: they never leave the link service.
 * Implementations: PostgresLinkStore and InMemoryLinkStore, held to one contract suite.
 */
export interface LinkStore {
  list(query: ListLinksQuery): Promise<StoredLink[]>;
  /** ALREADY_EXISTS for a url the user has; LIMIT_EXCEEDED when the user has `maxLinks`. */
  insert(username: string, link: Link, event: LinkEvent | undefined, maxLinks: number): Promise<Link>;
  /** NOT_FOUND when the user has no such url. */
  update(username: string, url: string, change: LinkChange): Promise<Link>;
  /** NOT_FOUND when the user has no such url. */
  delete(username: string, url: string, eventOf: (deleted: Link) => LinkEvent | undefined): Promise<void>;
  /**
   * Locks the user's links, hands them to `plan`, and writes its plan and events in one
   * transaction: all of it or, when `plan` or a write throws, none of it.
   */
  importLinks(username: string, plan: ImportPlanner): Promise<ImportPlan>;
  /** The link checker's verdict; false when the link is gone. Not a user change: no event. */
  setStatus(username: string, url: string, verdict: LinkVerdict, at: string): Promise<boolean>;
  /** The user's tags with their link counts, most used first, then by name. */
  tagCounts(username: string): Promise<TagCount[]>;
  /**
   * Applies `change` to every link of the user tagged `tag`, each with its event, in one
   * transaction. Returns how many links changed (0 when none has the tag).
   */
  updateTagged(username: string, tag: string, change: LinkChange): Promise<number>;
  /** The oldest events not yet relayed, in order. */
  pendingEvents(limit: number): Promise<OutboxEntry[]>;
  markEventsSent(positions: string[]): Promise<void>;
  /** How many events wait in the outbox (the relay's backlog gauge). */
  pendingEventCount(): Promise<number>;
  /** Resolves when the store can serve (for /readyz). */
  ping(): Promise<void>;
}
