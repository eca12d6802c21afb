import { randomUUID } from 'node:crypto';
import {
  InvalidArgumentError,
  assertUsername,
  type AddLinkRequest,
  type DeleteLinkRequest,
  type GetLinksRequest,
  type GetLinksResult,
  type ImportLinksRequest,
  type ImportReport,
  type Link,
  type LinkEvent,
  type LinkManager,
  type NewsEventType,
  type SetLinkStatusRequest,
  type UpdateLinkRequest,
} from '../object-model';
import { LinkFilter } from './link-filter';
import { candidatesOf, importPlanner } from './link-import';
import { checkDescription, checkPrivate, checkTagCount, checkTags, checkTitle, checkUrl } from './link-input';
import type { LinkStore, StoredLink } from './link-store';
import { decodePageToken, encodePageToken } from './page-token';

export interface LinkServiceOptions {
  /** SPEC: MAX_LINKS_PER_USER, default 1000. */
  maxLinksPerUser: number;
  /** Upper bound on the time one query may spend in its regular expressions, queueing for a worker included. */
  regexBudgetMs: number;
  now?: () => Date;
  newId?: () => string;
}

const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 100;
/** Rows read per round-trip while regular expressions filter a page. */
const SCAN_BATCH = 200;

/** The link manager: plain domain logic over a LinkStore. */
export class LinkService implements LinkManager {
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(
    private readonly store: LinkStore,
    private readonly options: LinkServiceOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
  }

  async getLinks(request: GetLinksRequest): Promise<GetLinksResult> {
    const username = assertUsername(request.username);
    const limit = request.limit ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new InvalidArgumentError(`limit must be an integer from 1 to ${MAX_PAGE_SIZE}`);
    }
    const tag = request.tag === undefined || request.tag === '' ? undefined : request.tag.trim();
    const start = decodePageToken(request.start);
    const filter = await LinkFilter.create(request, this.options.regexBudgetMs);

    // Read one more than a page to know whether another page follows.
    const wanted = limit + 1;
    const batchSize = filter.isEmpty ? wanted : SCAN_BATCH;
    const matches: StoredLink[] = [];
    for (let beforeId = start; ;) {
      const batch = await this.store.list({ username, tag, beforeId, limit: batchSize });
      matches.push(...(await filter.select(batch)).slice(0, wanted - matches.length));
      if (matches.length === wanted || batch.length < batchSize) break;
      beforeId = batch[batch.length - 1].id;
    }

    const page = matches.slice(0, limit);
    const nextPageToken = matches.length > limit ? encodePageToken(page[page.length - 1].id) : '';
    return { links: page.map(withoutId), nextPageToken };
  }

  async addLink(request: AddLinkRequest): Promise<Link> {
    const username = assertUsername(request.username);
    const at = this.now().toISOString();
    const link: Link = {
      url: checkUrl(request.url),
      title: checkTitle(request.title),
      description: checkDescription(request.description),
      tags: checkTagCount(checkTags(request.tags)),
      status: 'pending',
      private: checkPrivate(request.private) ?? false,
      createdAt: at,
      updatedAt: at,
    };
    const event = link.private ? undefined : this.event('LINK_ADDED', username, link);
    return this.store.insert(username, link, event, this.options.maxLinksPerUser);
  }

  async updateLink(request: UpdateLinkRequest): Promise<Link> {
    const username = assertUsername(request.username);
    const url = checkUrl(request.url);
    const title = request.title === undefined ? undefined : checkTitle(request.title);
    const description = request.description === undefined ? undefined : checkDescription(request.description);
    const addTags = checkTags(request.addTags, 'addTags');
    const removeTags = new Set(checkTags(request.removeTags, 'removeTags'));
    const isPrivate = checkPrivate(request.private);
    if (
      title === undefined &&
      description === undefined &&
      addTags.length === 0 &&
      removeTags.size === 0 &&
      isPrivate === undefined
    ) {
      throw new InvalidArgumentError(
        'nothing to update: give title, description, addTags, removeTags or private',
      );
    }
    return this.store.update(username, url, (current) => {
      const tags = [...new Set([...current.tags, ...addTags])].filter((tag) => !removeTags.has(tag));
      const link: Link = {
        ...current,
        title: title ?? current.title,
        description: description ?? current.description,
        tags: checkTagCount(tags),
        private: isPrivate ?? current.private,
        updatedAt: this.now().toISOString(),
      };
      return { link, event: this.updateEvent(username, current, link) };
    });
  }

  async deleteLink(request: DeleteLinkRequest): Promise<void> {
    const username = assertUsername(request.username);
    const url = checkUrl(request.url);
    await this.store.delete(username, url, (deleted) =>
      deleted.private ? undefined : this.event('LINK_DELETED', username, deleted, this.now().toISOString()),
    );
  }

  /** Bookmarks from a file, in one transaction: see link-import.ts for what is added, changed and skipped. */
  async importLinks(request: ImportLinksRequest): Promise<ImportReport> {
    const username = assertUsername(request.username);
    const { candidates, skipped } = candidatesOf(request.links);
    const plan = await this.store.importLinks(
      username,
      importPlanner(candidates, skipped, {
        username,
        maxLinks: this.options.maxLinksPerUser,
        now: this.now().toISOString(),
        newId: this.newId,
      }),
    );
    return { added: plan.add.length, updated: plan.update.length, skipped };
  }

  /** Applies the link checker's verdict; a link deleted meanwhile is simply skipped. */
  async setLinkStatus(request: SetLinkStatusRequest): Promise<boolean> {
    const username = assertUsername(request.username);
    return this.store.setStatus(username, request.url, request.status, this.now().toISOString());
  }

  /**
   * What followers learn of a change, as they see links: a public link that turned private
   * is gone for them (deleted, as it was when they last saw it: the new title may be the
   * very thing being hidden); a private link made public is new to them (added); a change
   * to a link that stays private is nobody else's business (no event).
   */
  private updateEvent(author: string, before: Link, after: Link): LinkEvent | undefined {
    if (before.private && after.private) return undefined;
    if (after.private) return this.event('LINK_DELETED', author, before, after.updatedAt);
    if (before.private) return this.event('LINK_ADDED', author, after);
    return this.event('LINK_UPDATED', author, after);
  }

  private event(type: NewsEventType, author: string, link: Link, occurredAt = link.updatedAt): LinkEvent {
    return { id: this.newId(), type, author, link, occurredAt };
  }
}

function withoutId({ id: _id, ...link }: StoredLink): Link {
  return link;
}
