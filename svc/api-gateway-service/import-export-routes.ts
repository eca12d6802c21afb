import { StringDecoder } from 'node:string_decoder';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { runWithUserProof } from '../../pkg/auth';
import { BookmarkFileReader, netscapeBookmarkFile } from '../../pkg/bookmark-file';
import {
  InvalidArgumentError,
  PayloadTooLargeError,
  type ImportedLink,
  type Link,
  type LinkManager,
} from '../../pkg/object-model';
import { bearerToken } from './bearer';
import type { SessionCache } from './session-cache';

/**
 * The content types POST /v1/import reads, the file exactly as it was exported: a browser's
 * Netscape file, or Pinboard's or linkding's JSON (also recognised when sent as text/html).
 */
export const IMPORT_CONTENT_TYPES = ['text/html', 'application/json'];
const EXPORT_PAGE = 100;

/** What the import body parser hands the route: only it makes one, so nothing else can pose as a file. */
class ParsedBookmarkFile {
  constructor(readonly links: ImportedLink[]) {}
}

/**
 * Parses the body as it arrives, never holding more than one chunk of HTML (JSON is held
 * whole, up to the limit): past `limit` bytes it stops with 413; a file that is not a
 * bookmark file is a 400.
 */
async function parseBookmarkBody(
  payload: AsyncIterable<Buffer>,
  limit: number,
  declaredJson: boolean,
): Promise<ParsedBookmarkFile> {
  const parser = new BookmarkFileReader(declaredJson);
  const decoder = new StringDecoder('utf8');
  let size = 0;
  for await (const chunk of payload) {
    size += chunk.length;
    if (size > limit) throw new PayloadTooLargeError(`a bookmark file is at most ${limit} bytes`);
    parser.write(decoder.write(chunk));
  }
  parser.write(decoder.end());
  return new ParsedBookmarkFile(parser.end());
}

async function* allLinks(links: LinkManager, username: string): AsyncGenerator<Link> {
  let start: string | undefined;
  do {
    const page = await links.getLinks({ username, limit: EXPORT_PAGE, start });
    yield* page.links;
    start = page.nextPageToken || undefined;
  } while (start);
}

/**
 * POST /v1/import (the Netscape bookmark file as a raw `text/html` body: what every browser
 * exports, sent as is, no multipart to unpack; or Pinboard's or linkding's JSON export as
 * `application/json`) and GET /v1/export (a Netscape file back).
 */
export function importExportRoutes(
  links: LinkManager,
  sessions: SessionCache,
  options: { importLimitBytes: number },
) {
  // The caller and the user service's proof of them: every call to the link service forwards it.
  const caller = async (request: FastifyRequest) => {
    const { user, proof } = await sessions.resolveWithProof(bearerToken(request));
    return { username: user.username, asCaller: <T>(run: () => Promise<T>) => runWithUserProof(proof, run) };
  };
  return async (app: FastifyInstance): Promise<void> => {
    // A scope of its own: these body parsers serve this route only. The JSON one replaces
    // the general one here, whose limit (BODY_LIMIT_BYTES) is for requests, not files.
    await app.register(async (scope) => {
      scope.removeContentTypeParser('application/json');
      scope.addContentTypeParser(
        IMPORT_CONTENT_TYPES,
        async (request: FastifyRequest, payload: AsyncIterable<Buffer>) => {
          const declared = Number(request.headers['content-length']);
          if (declared > options.importLimitBytes) {
            throw new PayloadTooLargeError(`a bookmark file is at most ${options.importLimitBytes} bytes`);
          }
          const declaredJson = /^\s*application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '');
          return parseBookmarkBody(payload, options.importLimitBytes, declaredJson);
        },
      );
      scope.post('/v1/import', { schema: { hide: true } }, async (request) => {
        const { username, asCaller } = await caller(request);
        if (!(request.body instanceof ParsedBookmarkFile)) {
          throw new InvalidArgumentError(
            "send the bookmark file as the body: a browser's export with Content-Type: text/html, Pinboard's or linkding's JSON with Content-Type: application/json",
          );
        }
        const body = request.body;
        return asCaller(() => links.importLinks({ username, links: body.links }));
      });
    });
    app.get('/v1/export', { schema: { hide: true } }, async (request, reply) => {
      const { username, asCaller } = await caller(request);
      const parts: string[] = [];
      const collected: Link[] = [];
      await asCaller(async () => {
        for await (const link of allLinks(links, username)) collected.push(link);
      });
      for (const part of netscapeBookmarkFile(collected)) parts.push(part);
      return reply
        .type('text/html; charset=utf-8')
        .header('content-disposition', 'attachment; filename="delinkcious-bookmarks.html"')
        .send(parts.join(''));
    });
  };
}
