import { errorOf, PublicApiError } from './public-api-error';
import type {
  FeedToken,
  ImportReport,
  Link,
  LinkChange,
  LinkFilter,
  LinksPage,
  NewLink,
  NewsPage,
  Session,
  TagCount,
  User,
} from './types';

export interface PublicApiClientOptions {
  /** The gateway, e.g. `http://localhost:5000`; `''` in the web app, which the gateway serves. */
  baseUrl: string;
  /** The bearer session of the signed-in user. */
  session?: string;
  /** Per-request time limit; default 15 s. */
  timeoutMs?: number;
}

type Query = Record<string, string | number | undefined>;

/**
 * Every call the web app and the CLI make to the public API, typed. It is the one place
 * that speaks HTTP to the gateway, so it can be swapped for a client generated from
 * `/openapi.json` without touching its callers.
 */
export class PublicApiClient {
  constructor(private readonly options: PublicApiClientOptions) {}

  /** The same client acting for another session. */
  withSession(session: string | undefined): PublicApiClient {
    return new PublicApiClient({ ...this.options, session });
  }

  devLogin(user: User): Promise<Session> {
    return this.call('POST', '/v1/dev/login', { body: user, anonymous: true });
  }

  /** Completes social login: the provider's `code` and `state`, handed back to the gateway. */
  completeSocialLogin(code: string, state: string): Promise<Session> {
    return this.call('GET', '/login/callback', { query: { code, state }, anonymous: true });
  }

  /**
   * Asks GET /login whether it would start this login, without following it (the browser
   * does that): a refusal (social login off, a redirect it does not take) comes back as a
   * PublicApiError. For the CLI only: a web page's fetch cannot see a redirect's status.
   */
  async checkLoginStart(query: { redirect_uri: string; state: string }): Promise<void> {
    const response = await this.send(`/login${queryString(query)}`, { redirect: 'manual' });
    if (response.status !== 302) throw await errorOf(response);
  }

  /** Trades the one-time code a command-line login received on its loopback address for the session. */
  exchangeLoginCode(code: string, state: string): Promise<Session> {
    return this.call('POST', '/login/exchange', { body: { code, state }, anonymous: true });
  }

  logout(): Promise<void> {
    return this.call('POST', '/logout');
  }

  me(): Promise<User> {
    return this.call('GET', '/v1/me');
  }

  listLinks(filter: LinkFilter = {}): Promise<LinksPage> {
    return this.call('GET', '/v1/links', { query: { ...filter } });
  }

  async addLink(link: NewLink): Promise<Link> {
    return (await this.call<{ link: Link }>('POST', '/v1/links', { body: link })).link;
  }

  async updateLink(change: LinkChange): Promise<Link> {
    return (await this.call<{ link: Link }>('PUT', '/v1/links', { body: change })).link;
  }

  deleteLink(url: string): Promise<void> {
    return this.call('DELETE', '/v1/links', { query: { url } });
  }

  /** The caller's tags with their link counts, most used first. */
  async tags(): Promise<TagCount[]> {
    return (await this.call<{ tags: TagCount[] }>('GET', '/v1/tags')).tags;
  }

  /** Renames a tag on all the caller's links (merging into `to` if it exists); how many changed. */
  async renameTag(from: string, to: string): Promise<number> {
    return (await this.call<{ renamed: number }>('POST', '/v1/tags/rename', { body: { from, to } })).renamed;
  }

  async following(): Promise<string[]> {
    return (await this.call<{ following: string[] }>('GET', '/v1/following')).following;
  }

  async followers(): Promise<string[]> {
    return (await this.call<{ followers: string[] }>('GET', '/v1/followers')).followers;
  }

  follow(followed: string): Promise<void> {
    return this.call('POST', '/v1/following', { body: { followed } });
  }

  unfollow(followed: string): Promise<void> {
    return this.call('DELETE', '/v1/following', { query: { followed } });
  }

  news(start?: string): Promise<NewsPage> {
    return this.call('GET', '/v1/news', { query: { start } });
  }

  /**
   * Imports a bookmark export, sent as is: a browser's Netscape HTML (`text/html`), or
   * Pinboard's or linkding's JSON (`application/json`; see bookmarkFileType).
   */
  importBookmarks(file: string | Blob, type: BookmarkFileType = 'text/html'): Promise<ImportReport> {
    return this.call('POST', '/v1/import', { file: { content: file, type } });
  }

  /** Every link as a Netscape bookmark file, which any browser imports. */
  exportBookmarks(): Promise<string> {
    return this.call('GET', '/v1/export', { text: true });
  }

  /** A new feed token for the news feed; the old one stops working. */
  createFeedToken(): Promise<FeedToken> {
    return this.call('POST', '/v1/feed-token');
  }

  revokeFeedToken(): Promise<void> {
    return this.call('DELETE', '/v1/feed-token');
  }

  private async call<T>(
    method: string,
    path: string,
    request: {
      query?: Query;
      body?: unknown;
      /** A bookmark file: the body as is, with its media type. */
      file?: { content: string | Blob; type: BookmarkFileType };
      /** The answer is text (a file), not JSON. */
      text?: boolean;
      anonymous?: boolean;
    } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { accept: request.text ? 'text/html' : 'application/json' };
    if (!request.anonymous) {
      if (!this.options.session) throw new PublicApiError(401, 'UNAUTHENTICATED', 'not signed in');
      headers.authorization = `Bearer ${this.options.session}`;
    }
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    if (request.file !== undefined) headers['content-type'] = request.file.type;
    const response = await this.send(path + queryString(request.query), {
      method,
      headers,
      body: request.file?.content ?? (request.body === undefined ? undefined : JSON.stringify(request.body)),
    });
    if (!response.ok) throw await errorOf(response);
    if (response.status === 204) return undefined as T;
    return (request.text ? await response.text() : await response.json()) as T;
  }

  /** One request to the gateway, within the time limit; no answer at all is an UNREACHABLE error. */
  private async send(pathAndQuery: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(this.options.baseUrl + pathAndQuery, {
        ...init,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      const where = this.options.baseUrl ? ` at ${this.options.baseUrl}` : '';
      const reason = timedOut ? 'did not answer in time' : 'is unreachable';
      throw new PublicApiError(0, 'UNREACHABLE', `the gateway${where} ${reason}`);
    }
  }
}

/** The media types POST /v1/import reads. */
export type BookmarkFileType = 'text/html' | 'application/json';

/** The media type of a bookmark file, by its name: `.json` is Pinboard's or linkding's JSON, anything else HTML. */
export function bookmarkFileType(fileName: string): BookmarkFileType {
  return /\.json$/i.test(fileName) ? 'application/json' : 'text/html';
}

/** `?a=1&b=2` of the parameters that are set (empty strings are left out: no filter). */
function queryString(query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
