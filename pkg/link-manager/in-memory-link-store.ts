import {
  LINK_EVENT_SUBJECTS,
  AlreadyExistsError,
  LimitExceededError,
  NotFoundError,
  type Link,
  type LinkEvent,
  type TagCount,
} from '../object-model';
import { rankInMemory } from './link-search';
import type {
  ImportPlan,
  ImportPlanner,
  LinkChange,
  LinkStore,
  LinkVerdict,
  ListLinksQuery,
  OutboxEntry,
  StoredLink,
} from './link-store';
import { withTraceContext } from './outbox-trace-context';

/**
 * Links in process memory, for unit tests. Each method does all its checks before it
 * changes anything, which gives it the same all-or-nothing behaviour as a transaction.
 */
export class InMemoryLinkStore implements LinkStore {
  private readonly links = new Map<string, StoredLink[]>();
  private readonly outbox: Array<OutboxEntry & { sent: boolean }> = [];
  private nextId = 1;
  private nextPosition = 1;

  async list(query: ListLinksQuery): Promise<StoredLink[]> {
    const { search } = query;
    const ranked = this.userLinks(query.username)
      .filter((link) => query.tag === undefined || link.tags.includes(query.tag))
      .filter((link) => !query.publicOnly || !link.private)
      .map((link) => ({ ...copy(link), rank: search ? rankInMemory(link, search) : undefined }))
      .filter((link) => !search || link.rank !== undefined);
    // The order Postgres gives: rank (with a search), then newest first; the cursor is a position in it.
    const order = (link: StoredLink): [number, number] => [link.rank ?? 0, Number(link.id)];
    const cursor: [number, number] = [query.beforeRank ?? 0, Number(query.beforeId ?? Infinity)];
    const before = (a: [number, number], b: [number, number]) =>
      a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
    return ranked
      .filter((link) => query.beforeId === undefined || before(order(link), cursor))
      .sort((a, b) => (before(order(a), order(b)) ? 1 : -1))
      .slice(0, query.limit)
      .map((link) => (search ? link : withoutRank(link)));
  }

  async insert(username: string, link: Link, event: LinkEvent | undefined, maxLinks: number): Promise<Link> {
    const links = this.userLinks(username);
    if (links.some((existing) => existing.url === link.url)) {
      throw new AlreadyExistsError(`link ${link.url} already exists`);
    }
    if (links.length >= maxLinks) throw new LimitExceededError(`a user has at most ${maxLinks} links`);
    links.push({ ...copy(link), id: String(this.nextId++) });
    this.links.set(username, links);
    this.record(event);
    return copy(link);
  }

  async update(username: string, url: string, change: LinkChange): Promise<Link> {
    const stored = this.find(username, url);
    const { link, event } = change(copy(stored));
    Object.assign(stored, copy(link), { id: stored.id });
    this.record(event);
    return copy(link);
  }

  async delete(
    username: string,
    url: string,
    eventOf: (deleted: Link) => LinkEvent | undefined,
  ): Promise<void> {
    const stored = this.find(username, url);
    const event = eventOf(copy(stored));
    this.links.set(
      username,
      this.userLinks(username).filter((link) => link !== stored),
    );
    this.record(event);
  }

  async importLinks(username: string, plan: ImportPlanner): Promise<ImportPlan> {
    const links = this.userLinks(username);
    // The plan is made (and may throw) before anything changes.
    const planned = plan(links.map(copy).map(({ id: _id, ...link }) => link));
    const byUrl = new Map(links.map((link) => [link.url, link]));
    for (const link of planned.update) Object.assign(byUrl.get(link.url) ?? {}, copy(link));
    for (const link of planned.add) links.push({ ...copy(link), id: String(this.nextId++) });
    this.links.set(username, links);
    for (const { subject, event } of planned.events) this.record(event, subject);
    return planned;
  }

  async setStatus(username: string, url: string, verdict: LinkVerdict, at: string): Promise<boolean> {
    const stored = this.userLinks(username).find((link) => link.url === url);
    if (!stored) return false;
    stored.status = verdict.status;
    stored.checkReason = verdict.reason;
    stored.checkedAt = verdict.checkedAt;
    stored.updatedAt = at;
    return true;
  }

  async tagCounts(username: string): Promise<TagCount[]> {
    const counts = new Map<string, number>();
    for (const link of this.userLinks(username)) {
      for (const tag of link.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    }
    return [...counts]
      .map(([tag, count]) => ({ tag, count }))
      .sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  }

  async updateTagged(username: string, tag: string, change: LinkChange): Promise<number> {
    const tagged = this.userLinks(username).filter((link) => link.tags.includes(tag));
    // Every change is computed before any is applied: one that throws changes nothing.
    const changes = tagged.map((stored) => ({ stored, ...change(copy(withoutId(stored))) }));
    for (const { stored, link, event } of changes) {
      Object.assign(stored, copy(link), { id: stored.id });
      this.record(event);
    }
    return changes.length;
  }

  async pendingEvents(limit: number): Promise<OutboxEntry[]> {
    return this.outbox
      .filter((entry) => !entry.sent)
      .slice(0, limit)
      .map(({ position, subject, event }) => ({ position, subject, event: structuredClone(event) }));
  }

  async markEventsSent(positions: string[]): Promise<void> {
    const sent = new Set(positions);
    for (const entry of this.outbox) if (sent.has(entry.position)) entry.sent = true;
  }

  async pendingEventCount(): Promise<number> {
    return this.outbox.filter((entry) => !entry.sent).length;
  }

  async ping(): Promise<void> {}

  private userLinks(username: string): StoredLink[] {
    return this.links.get(username) ?? [];
  }

  private find(username: string, url: string): StoredLink {
    const stored = this.userLinks(username).find((link) => link.url === url);
    if (!stored) throw new NotFoundError(`link ${url} not found`);
    return stored;
  }

  private record(event: LinkEvent | undefined, subject?: string): void {
    if (!event) return;
    this.outbox.push({
      position: String(this.nextPosition++),
      subject: subject ?? LINK_EVENT_SUBJECTS[event.type],
      event: withTraceContext(structuredClone(event)),
      sent: false,
    });
  }
}

function withoutRank({ rank: _rank, ...link }: StoredLink): StoredLink {
  return link;
}

function withoutId({ id: _id, rank: _rank, ...link }: StoredLink): Link {
  return link;
}

function copy<T extends Link>(link: T): T {
  return { ...link, tags: [...link.tags] };
}
