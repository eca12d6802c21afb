import {
  InvalidArgumentError,
  LINK_EVENT_SUBJECTS,
  LINK_IMPORTED_SUBJECT,
  LimitExceededError,
  type ImportReport,
  type ImportedLink,
  type Link,
  type LinkEvent,
} from '../object-model';
import { checkDescription, checkTagCount, checkTags, checkUrl, LINK_LIMITS } from './link-input';
import type { ImportPlan, ImportPlanner, OutgoingEvent } from './link-store';

/** A bookmark that passed the link rules, merged with any other bookmark of the same url. */
interface Candidate {
  url: string;
  title: string;
  description: string;
  tags: string[];
  createdAt?: string;
  /** True when the file marks it private; undefined when the file does not say. */
  private?: boolean;
}

export type Skipped = ImportReport['skipped'];

/**
 * Applies the link rules to each bookmark of a file. A bookmark that breaks one is skipped
 * with the reason; a title too long is cut (browsers keep whole page titles); the same url
 * twice (one bookmark in two folders) becomes one link with the tags of both.
 */
export function candidatesOf(links: ImportedLink[]): { candidates: Candidate[]; skipped: Skipped } {
  const byUrl = new Map<string, Candidate>();
  const skipped: Skipped = [];
  for (const imported of links) {
    try {
      const url = checkUrl(imported.url.trim());
      const tags = checkTags(
        (imported.tags ?? []).map((tag) => tag.trim().slice(0, LINK_LIMITS.tagLength)).filter(Boolean),
      );
      const known = byUrl.get(url);
      if (known) {
        known.tags = checkTagCount([...new Set([...known.tags, ...tags])]);
        known.private = privateOfBoth(known.private, imported.private);
        continue;
      }
      const title = imported.title.trim() || url;
      byUrl.set(url, {
        url,
        title: [...title].slice(0, LINK_LIMITS.titleLength).join('').trim(),
        description: checkDescription(imported.description?.trim() ?? ''),
        tags: checkTagCount(tags),
        createdAt: dateOf(imported.createdAt),
        private: imported.private,
      });
    } catch (error) {
      if (!(error instanceof InvalidArgumentError)) throw error;
      skipped.push({ url: imported.url, reason: error.message });
    }
  }
  return { candidates: [...byUrl.values()], skipped };
}

/** One bookmark twice: private if either copy says so (keeping a link hidden is the safe side). */
function privateOfBoth(a: boolean | undefined, b: boolean | undefined): boolean | undefined {
  return a === true || b === true ? true : (a ?? b);
}

function dateOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  return Number.isFinite(time) ? new Date(time).toISOString() : undefined;
}

/**
 * The import's plan against the user's links as they are: a new url is added; a known one
 * takes the file's title, its description when it has one, and the union of both tag sets,
 * and is written only if that changes it; otherwise it is skipped as unchanged. So a second
 * import of a file adds and changes nothing. All or nothing: an import that would take the
 * user past the limit is refused whole (LIMIT_EXCEEDED) rather than cut at an arbitrary link.
 *
 * Privacy: a new link is private when the file marks it so, public otherwise; a known link
 * becomes private when the file marks it so, but an import never makes a private link public
 * (a browser's file, which never says, must not publish what the user hid).
 *
 * Events: followers get one news entry per import (the newest public link added, on
 * links.added); the other public links added go out on links.imported, which only the link
 * checker reads. Private links added emit nothing: they never leave the link service. An
 * updated link emits nothing (re-importing a file must not fill anyone's feed), except a
 * public link the file makes private: followers learn it is gone (LINK_DELETED), as with
 * any update that hides a link.
 */
export function importPlanner(
  candidates: Candidate[],
  skipped: Skipped,
  options: {
    username: string;
    maxLinks: number;
    now: string;
    newId: () => string;
  },
): ImportPlanner {
  return (existing: Link[]): ImportPlan => {
    const current = new Map(existing.map((link) => [link.url, link]));
    const add: Link[] = [];
    const update: Link[] = [];
    for (const candidate of candidates) {
      const link = current.get(candidate.url);
      if (!link) {
        add.push({
          url: candidate.url,
          title: candidate.title,
          description: candidate.description,
          tags: candidate.tags,
          status: 'pending',
          private: candidate.private === true,
          createdAt: candidate.createdAt ?? options.now,
          updatedAt: options.now,
        });
        continue;
      }
      const merged: Link = {
        ...link,
        title: candidate.title,
        description: candidate.description || link.description,
        tags: [...new Set([...link.tags, ...candidate.tags])],
        private: link.private || candidate.private === true,
        updatedAt: options.now,
      };
      if (sameContent(link, merged)) skipped.push({ url: candidate.url, reason: 'unchanged' });
      else if (merged.tags.length > LINK_LIMITS.tagsPerLink)
        skipped.push({ url: candidate.url, reason: `a link has at most ${LINK_LIMITS.tagsPerLink} tags` });
      else update.push(merged);
    }
    if (existing.length + add.length > options.maxLinks) {
      throw new LimitExceededError(
        `this import would add ${add.length} links to your ${existing.length}; a user has at most ${options.maxLinks} links, so nothing was imported`,
      );
    }
    // Oldest first, so the newest bookmark gets the highest id and is listed first. Bookmarks
    // of the same second keep the file's order on the list (reversed, then a stable sort): an
    // export lists newest first and its ADD_DATE has whole seconds only.
    add.reverse().sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const event = (type: LinkEvent['type'], link: Link): LinkEvent => ({
      id: options.newId(),
      type,
      author: options.username,
      link,
      occurredAt: options.now,
    });
    const shared = add.filter((link) => !link.private);
    const events: OutgoingEvent[] = shared.map((link, index) => ({
      subject: index === shared.length - 1 ? LINK_EVENT_SUBJECTS.LINK_ADDED : LINK_IMPORTED_SUBJECT,
      event: event('LINK_ADDED', link),
    }));
    for (const link of update) {
      const before = current.get(link.url);
      // Hidden by this import: gone for followers, as they last saw it.
      if (before && !before.private && link.private)
        events.push({ subject: LINK_EVENT_SUBJECTS.LINK_DELETED, event: event('LINK_DELETED', before) });
    }
    return { add, update, events };
  };
}

function sameContent(a: Link, b: Link): boolean {
  return (
    a.title === b.title &&
    a.description === b.description &&
    a.private === b.private &&
    a.tags.length === b.tags.length &&
    a.tags.every((tag, index) => tag === b.tags[index])
  );
}
