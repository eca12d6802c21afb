import { StringDecoder } from 'node:string_decoder';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { runWithUserProof } from '../../pkg/auth';
import { NetscapeBookmarkParser, netscapeBookmarkFile } from '../../pkg/bookmark-file';
import {
  InvalidArgumentError,
  PayloadTooLargeError,
  type ImportedLink,
  type Link,
  type LinkManager,
} from '../../pkg/object-model';
import { bearerToken } from './bearer';
import type { SessionCache } from './session-cache';

/** The content types POST /v1/import reads: the file exactly as the browser wrote it. */
export const IMPORT_CONTENT_TYPES = ['text/html'];
const EXPORT_PAGE = 100;

/** What the text/html parser hands the route: only it makes one, so a JSON body cannot pose as a file. */
class ParsedBookmarkFile {
  constructor(readonly links: ImportedLink[]) {}
}

/**
 * Parses the body as it arrives, never holding more than one chunk of HTML: past `limit`
 * bytes it stops with 413; a file that is not a bookmark file is a 400.
 */
async function parseBookmarkBody(payload: AsyncIterable<Buffer>, limit: number): Promise<ParsedBookmarkFile> {
  const parser = new NetscapeBookmarkParser();
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
 * exports, sent as is; no multipart to unpack) and GET /v1/export (the same format back).
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
    // A scope of its own: the text/html body parser serves this route only.
    await app.register(async (scope) => {
      scope.addContentTypeParser(
        IMPORT_CONTENT_TYPES,
        async (request: FastifyRequest, payload: AsyncIterable<Buffer>) => {
          const declared = Number(request.headers['content-length']);
          if (declared > options.importLimitBytes) {
            throw new PayloadTooLargeError(`a bookmark file is at most ${options.importLimitBytes} bytes`);
          }
          return parseBookmarkBody(payload, options.importLimitBytes);
        },
      );
      scope.post('/v1/import', { schema: { hide: true } }, async (request) => {
        const { username, asCaller } = await caller(request);
        if (!(request.body instanceof ParsedBookmarkFile)) {
          throw new InvalidArgumentError(
            'send the bookmark file as the body with Content-Type: text/html (the browser export as is)',
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
