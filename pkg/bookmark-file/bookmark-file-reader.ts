import type { ImportedLink } from '../object-model';
import { parseJsonBookmarks } from './json-bookmarks';
import { NetscapeBookmarkParser, parseNetscapeBookmarks } from './netscape-parser';

/** The first character that is not space (whitespace, or a byte order mark). */
const NOT_SPACE = /[^\s\uFEFF]/;

/**
 * Reads an import body as it streams in, in whichever format it is: JSON (Pinboard's or
 * linkding's) when the sender says so or when it opens with `[` or `{`, else a Netscape
 * bookmark file. The format is known at the first character that is not space; from there
 * a Netscape file streams through its parser chunk by chunk, while JSON (which has no
 * meaning until it is whole) is kept until `end`.
 */
export class BookmarkFileReader {
  private netscape: NetscapeBookmarkParser | undefined;
  private json: string[] | undefined;
  /** The space read before the format is known. */
  private head = '';

  constructor(private readonly declaredJson = false) {}

  write(chunk: string): void {
    if (this.netscape) return this.netscape.write(chunk);
    if (this.json) {
      this.json.push(chunk);
      return;
    }
    const first = chunk.search(NOT_SPACE);
    this.head += chunk;
    if (first === -1) return;
    if (this.declaredJson || chunk[first] === '[' || chunk[first] === '{') {
      this.json = [this.head];
    } else {
      this.netscape = new NetscapeBookmarkParser();
      this.netscape.write(this.head);
    }
    this.head = '';
  }

  /** The bookmarks; INVALID_ARGUMENT when the body is none of the formats. */
  end(): ImportedLink[] {
    if (this.netscape) return this.netscape.end();
    if (this.json) return parseJsonBookmarks(this.json.join(''));
    // Nothing but space: refused by the format the sender named.
    return this.declaredJson ? parseJsonBookmarks(this.head) : parseNetscapeBookmarks(this.head);
  }
}
