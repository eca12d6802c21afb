import {
  assertUsername,
  type GetNewsRequest,
  type GetNewsResult,
  type LinkEvent,
  type NewsEvent,
  type NewsManager,
  type SocialGraphManager,
} from '../object-model';
import type { FeedStore } from './feed-store';
import { decodeNewsToken, encodeNewsToken } from './page-token';

export interface NewsServiceOptions {
  /** Events per GetNews page. */
  pageSize?: number;
  /** Followers written per Redis round trip. */
  fanOutBatchSize?: number;
}

export function newsEventOf(event: LinkEvent): NewsEvent {
  return {
    eventType: event.type,
    username: event.author,
    url: event.link.url,
    timestamp: event.occurredAt,
    title: event.link.title,
  };
}

/** Fan-out batches written at once by one event's handling. */
const BATCHES_IN_FLIGHT = 2;

/** The news manager: reads feeds, and fans each link event out to the author's followers. */
export class NewsService implements NewsManager {
  private readonly pageSize: number;
  private readonly batchSize: number;

  constructor(
    private readonly store: FeedStore,
    private readonly socialGraph: SocialGraphManager,
    options: NewsServiceOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 20;
    this.batchSize = options.fanOutBatchSize ?? 500;
  }

  async getNews(request: GetNewsRequest): Promise<GetNewsResult> {
    const username = assertUsername(request.username);
    const before = decodeNewsToken(request.startToken);
    const entries = await this.store.read(username, before, this.pageSize + 1);
    const page = entries.slice(0, this.pageSize);
    const more = entries.length > this.pageSize;
    return {
      events: page.map((entry) => entry.event),
      nextToken: more ? encodeNewsToken(page[page.length - 1].position) : '',
    };
  }

  /**
   * Appends the event to every follower's feed. Safe to repeat: the store skips feeds
   * that already hold the event, so a redelivery after a partial fan-out completes it.
   */
  async handleLinkEvent(event: LinkEvent): Promise<void> {
    const followers = await this.socialGraph.getFollowers(event.author);
    const newsEvent = newsEventOf(event);
    // Two batches in flight: the next one is prepared and sent while the store writes the
    // last, instead of the two taking turns. After a failure no batch is started, the ones
    // in flight are let finish, and the first failure is what the event's handling reports.
    let failure: { error: unknown } | undefined;
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < followers.length && !failure; i += this.batchSize) {
      const batch = followers.slice(i, i + this.batchSize);
      inFlight.push(
        this.store.append(batch, event.id, newsEvent).catch((error: unknown) => {
          failure ??= { error };
        }),
      );
      if (inFlight.length >= BATCHES_IN_FLIGHT) await inFlight.shift();
    }
    await Promise.all(inFlight);
    if (failure) throw failure.error;
  }
}
