import { jsonBookmarkExportSchema } from '../../pkg/bookmark-file';
import { openApiDocument, type DocumentedOperation, type HttpOperation } from '../../pkg/kit';
import type { ApiGatewayConfig } from './config';
import { IMPORT_CONTENT_TYPES } from './import-export-routes';
import { devLoginOperations, fileOperations, publicOperations, socialLoginOperations } from './schemas';

/** Errors every public route can answer: the rate limit, an internal error, a backend down. */
export const ALWAYS_ERRORS = [429, 500, 503] as const;

const TAGS = [
  { name: 'me', description: 'The signed-in user.' },
  { name: 'links', description: "The signed-in user's links." },
  { name: 'tags', description: "The signed-in user's tags." },
  { name: 'social', description: 'Following and followers.' },
  { name: 'news', description: 'What the people you follow did.' },
  {
    name: 'feeds',
    description: 'Atom feeds for feed readers: GET /feeds/<user>/links.atom, /feeds/<user>/news.atom?token=…',
  },
  { name: 'login', description: 'Sessions: login and logout.' },
];

/** The statuses validation and authentication add to an operation's own. */
function withTransportErrors(operation: HttpOperation, secured: boolean): HttpOperation {
  const errors = new Set(operation.errors ?? []);
  if (operation.request) errors.add(400);
  // A JSON body can be too large, or not JSON at all (415).
  if (operation.request?.in === 'body') for (const status of [413, 415]) errors.add(status);
  if (secured) errors.add(401);
  return { ...operation, errors: [...errors] };
}

function documented(table: Record<string, HttpOperation>, secured: boolean): DocumentedOperation[] {
  return Object.entries(table).map(([operationId, operation]) => ({
    operationId,
    tag: operation.tag ?? 'login',
    secured,
    operation: withTransportErrors(operation, secured),
  }));
}

/** The public operations as this gateway serves them (the logins only when configured). */
export function publicApiOperations(options: {
  devLogin: boolean;
  socialLogin: boolean;
}): DocumentedOperation[] {
  const operations = documented(publicOperations, true);
  if (options.devLogin) operations.push(...documented(devLoginOperations, false));
  if (options.socialLogin) {
    const [login, callback, exchange] = documented(socialLoginOperations, false);
    operations.push(
      { ...login, redirect: { status: 302, description: "Redirect to the identity provider's login page." } },
      {
        ...callback,
        description:
          "Finish a login and open a session. A login started with `redirect_uri` answers 302 instead: to that loopback address, with a one-time `code` (valid 60 seconds, once) and the client's `state`, or, when the login fails, with `error` (`access_denied`, `temporarily_unavailable`, `server_error`), `error_description` and `state`.",
      },
      exchange,
    );
  }
  return operations;
}

const ATOM = 'application/atom+xml';

/** The routes that take or give files and feeds, with their media types. */
export function fileApiOperations(): DocumentedOperation[] {
  const [importBookmarks, exportBookmarks, linksFeed, newsFeed] = [
    ...documented(
      { importBookmarks: fileOperations.importBookmarks, exportBookmarks: fileOperations.exportBookmarks },
      true,
    ),
    ...documented({ linksFeed: fileOperations.linksFeed, newsFeed: fileOperations.newsFeed }, false),
  ];
  return [
    {
      ...importBookmarks,
      // 413 past IMPORT_LIMIT_BYTES; 400 for a file that is not a bookmark file; 415 for another media type.
      operation: { ...importBookmarks.operation, errors: [400, 401, 413, 415, 422] },
      description:
        'The Netscape bookmark file every browser exports, sent as is (`Content-Type: text/html`), or the JSON export of Pinboard or linkding (`Content-Type: application/json`; also recognised by its content). Folders become tags; `PRIVATE="1"` (Pinboard `shared: "no"`, linkding `shared: false`) makes a link private, and an import never makes a private link public; bookmarks that break a rule are skipped with the reason; nothing is stored when the import would pass the per-user limit (422) or the file is not a bookmark file (400). Followers get one news entry per import, never of a private link.',
      requestContent: {
        description: "A Netscape bookmark file (a browser's export), or Pinboard's or linkding's JSON.",
        mediaTypes: [
          { mediaType: IMPORT_CONTENT_TYPES[0] },
          { mediaType: IMPORT_CONTENT_TYPES[1], schema: jsonBookmarkExportSchema },
        ],
      },
    },
    {
      ...exportBookmarks,
      responseContent: {
        mediaType: 'text/html',
        description:
          'A Netscape bookmark file; tags in the TAGS attribute (a comma inside a tag written `%2C`), `PRIVATE="1"` on private links.',
      },
    },
    {
      ...linksFeed,
      responseContent: { mediaType: ATOM, description: "The user's newest links, as Atom 1.0." },
    },
    {
      ...newsFeed,
      operation: { ...newsFeed.operation, errors: [400, 401] },
      pathParameters: [{ name: 'username', description: 'Whose news.' }],
      responseContent: { mediaType: ATOM, description: "The user's newest news, as Atom 1.0." },
    },
  ];
}

/** The public OpenAPI document, built from the same declarations as the routes. */
export function publicApiDocument(
  config: ApiGatewayConfig,
  options: { socialLogin: boolean } = {
    socialLogin: Boolean(config.OAUTH_CLIENT_ID && config.OAUTH_CLIENT_SECRET_FILE),
  },
) {
  // Where browsers reach this gateway: the origin its login callback is registered at.
  const origin = new URL(config.OAUTH_REDIRECT_URL).origin;
  return openApiDocument({
    info: {
      title: 'Delinkcious public API',
      version: '1.0.0',
      description:
        'Bookmark links, follow people and read what they bookmark. Every error answers `{ "error": { "code", "message" } }`.',
      license: { name: 'MIT', identifier: 'MIT' },
      contact: { name: 'Delinkcious', url: `${origin}/docs` },
    },
    servers: [{ url: origin, description: 'This gateway' }],
    tags: TAGS,
    operations: [
      ...publicApiOperations({ devLogin: config.DEV_LOGIN_ENABLED, socialLogin: options.socialLogin }),
      ...fileApiOperations(),
    ],
    alwaysErrors: ALWAYS_ERRORS,
  });
}
