import { randomUUID } from 'node:crypto';
import {
  InvalidArgumentError,
  NotFoundError,
  assertUsername,
  type AddLinkRequest,
  type DeleteLinkRequest,
  type GetLinksRequest,
  type GetLinksResult,
  type GetPublicLinksRequest,
  type GetTagsRequest,
  type GetTagsResult,
  type ImportLinksRequest,
  type ImportReport,
  type Link,
  type LinkEvent,
  type LinkManager,
  type NewsEventType,
  type RenameTagRequest,
  type RenameTagResult,
  type SetLinkStatusRequest,
  type UpdateLinkRequest,
} from '../object-model';
import { LinkFilter } from './link-filter';
import { candidatesOf, importPlanner } from './link-import';
import { checkDescription, checkPrivate, checkTagCount, checkTags, checkTitle, checkUrl } from './link-input';
import { parseSearch } from './link-search';
import type { LinkStore, StoredLink } from './link-store';
import { decodePageToken, decodeSearchPageToken, encodePageToken, encodeSearchPageToken } from './page-token';

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
    return this.listPage(request, false);
  }

  async getPublicLinks(request: GetPublicLinksRequest): Promise<GetLinksResult> {
    return this.listPage(request, true);
  }

  private async listPage(request: GetLinksRequest, publicOnly: boolean): Promise<GetLinksResult> {
    const username = assertUsername(request.username);
    const limit = request.limit ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new InvalidArgumentError(`limit must be an integer from 1 to ${MAX_PAGE_SIZE}`);
    }
    const tag = request.tag === undefined || request.tag === '' ? undefined : request.tag.trim();
    const search = request.q === undefined || request.q.trim() === '' ? undefined : parseSearch(request.q);
    // A search pages by (rank, id), the list by id: each has its own token.
    const start = search
      ? decodeSearchPageToken(request.start)
      : mapDefined(decodePageToken(request.start), (id) => ({ id, rank: undefined }));
    const filter = await LinkFilter.create(request, this.options.regexBudgetMs);

    // Read one more than a page to know whether another page follows.
    const wanted = limit + 1;
    const batchSize = filter.isEmpty ? wanted : SCAN_BATCH;
    const matches: StoredLink[] = [];
    for (let cursor = start; ;) {
      const batch = await this.store.list({
        username,
        tag,
        publicOnly,
        search,
        beforeId: cursor?.id,
        beforeRank: cursor?.rank,
        limit: batchSize,
      });
      matches.push(...(await filter.select(batch)).slice(0, wanted - matches.length));
      if (matches.length === wanted || batch.length < batchSize) break;
      cursor = batch[batch.length - 1];
    }

    const page = matches.slice(0, limit);
    const last = page[page.length - 1];
    let nextPageToken = '';
    if (matches.length > limit) {
      nextPageToken = search
        ? encodeSearchPageToken({ rank: last.rank ?? 0, id: last.id })
        : encodePageToken(last.id);
    }
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

  async getTags(request: GetTagsRequest): Promise<GetTagsResult> {
    return { tags: await this.store.tagCounts(assertUsername(request.username)) };
  }

  /**
   * Renames a tag on every link of the user that has it; where the new name is already
   * there, the two merge. Each changed link gets its LINK_UPDATED event, as any update.
   */
  async renameTag(request: RenameTagRequest): Promise<RenameTagResult> {
    const username = assertUsername(request.username);
    const [from] = checkTags([request.from], 'from');
    const [to] = checkTags([request.to], 'to');
    if (from === to) throw new InvalidArgumentError('from and to are the same tag');
    const renamed = await this.store.updateTagged(username, from, (current) => {
      const tags = [...new Set(current.tags.map((tag) => (tag === from ? to : tag)))];
      const link: Link = { ...current, tags, updatedAt: this.now().toISOString() };
      return { link, event: this.event('LINK_UPDATED', username, link) };
    });
    if (renamed === 0) throw new NotFoundError(`no link is tagged ${from}`);
    return { renamed };
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
    const { status, reason, checkedAt } = request;
    return this.store.setStatus(
      username,
      request.url,
      { status, reason, checkedAt },
      this.now().toISOString(),
    );
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

function withoutId({ id: _id, rank: _rank, ...link }: StoredLink): Link {
  return link;
}

function mapDefined<T, U>(value: T | undefined, map: (value: T) => U): U | undefined {
  return value === undefined ? undefined : map(value);
}
