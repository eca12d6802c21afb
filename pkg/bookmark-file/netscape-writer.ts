import type { Link } from '../object-model';
import { joinTags } from './netscape-tags';

/** Escapes text and attribute values; the parser decodes these entities back. */
function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function seconds(time: string): number {
  return Math.floor(Date.parse(time) / 1000);
}

const HEADER = `<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- This is an automatically generated file.
     It will be read and overwritten.
     DO NOT EDIT! -->
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p>
`;

/**
 * The Netscape bookmark file every browser imports: one flat list, tags in Firefox's TAGS
 * attribute (comma-separated, a comma inside a tag escaped: netscape-tags.ts), PRIVATE="1"
 * on private links (as del.icio.us wrote it), the description in a <DD>. Read back by
 * POST /v1/import, it changes nothing.
 */
export function* netscapeBookmarkFile(links: Iterable<Link>): Generator<string> {
  yield HEADER;
  for (const link of links) {
    const attributes = [
      `HREF="${escapeHtml(link.url)}"`,
      `ADD_DATE="${seconds(link.createdAt)}"`,
      `LAST_MODIFIED="${seconds(link.updatedAt)}"`,
      ...(link.private ? ['PRIVATE="1"'] : []),
      ...(link.tags.length > 0 ? [`TAGS="${escapeHtml(joinTags(link.tags))}"`] : []),
    ];
    yield `    <DT><A ${attributes.join(' ')}>${escapeHtml(link.title)}</A>\n`;
    if (link.description !== '') yield `    <DD>${escapeHtml(link.description)}\n`;
  }
  yield '</DL><p>\n';
}
