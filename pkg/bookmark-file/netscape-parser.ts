import { Parser } from 'htmlparser2';
import { InvalidArgumentError, type ImportedLink } from '../object-model';
import { splitTags } from './netscape-tags';

/** Browsers' own top folders: containers, not subjects, so they give no tag. */
const CONTAINER_FOLDER_ATTRIBUTES = ['personal_toolbar_folder', 'unfiled_bookmarks_folder'];

/**
 * Reads a Netscape bookmark file (what Firefox, Chrome, Safari and Edge export) as it
 * streams in: `write` each chunk, then `end`. Every folder a bookmark sits in becomes one
 * of its tags (besides the browsers' own top folders), Firefox's TAGS attribute adds
 * more (netscape-tags.ts), ADD_DATE becomes the link's creation time, PRIVATE="1" makes
 * it private, and a <DD> after a bookmark is its description. A file that does not open with the format's DOCTYPE is refused.
 */
export class NetscapeBookmarkParser {
  private readonly links: ImportedLink[] = [];
  /** One entry per open <DL>: the folder it lists, or undefined for a container. */
  private readonly folders: Array<string | undefined> = [];
  private pendingFolder: string | undefined;
  private folderTitle: { text: string; container: boolean } | undefined;
  private bookmark: { link: ImportedLink; text: string } | undefined;
  private description: { link: ImportedLink; text: string } | undefined;
  /** The bookmark a <DD> describes: the one just read (a <DD> after a folder describes the folder). */
  private lastLink: ImportedLink | undefined;
  private sawDoctype = false;
  private sawContent = false;
  private readonly parser: Parser;

  constructor() {
    this.parser = new Parser(
      {
        onprocessinginstruction: (name, data) => {
          if (name.toLowerCase() === '!doctype' && /^!doctype\s+netscape-bookmark-file-1\b/i.test(data)) {
            this.sawDoctype = this.sawDoctype || !this.sawContent;
          }
        },
        onopentag: (name, attributes) => this.open(name, attributes),
        ontext: (text) => this.text(text),
        onclosetag: (name) => this.close(name),
      },
      { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
    );
  }

  write(chunk: string): void {
    this.parser.write(chunk);
  }

  /** The bookmarks, in file order; INVALID_ARGUMENT when the file is not a bookmark file. */
  end(): ImportedLink[] {
    this.parser.end();
    this.finishDescription();
    if (!this.sawDoctype) {
      throw new InvalidArgumentError(
        'not a Netscape bookmark file: it must start with <!DOCTYPE NETSCAPE-Bookmark-file-1> (export your bookmarks to HTML from the browser)',
      );
    }
    return this.links;
  }

  private open(name: string, attributes: Record<string, string>): void {
    this.sawContent = true;
    if (name === 'dt' || name === 'dl' || name === 'h3' || name === 'a' || name === 'dd')
      this.finishDescription();
    if (name === 'h3') {
      const container = CONTAINER_FOLDER_ATTRIBUTES.some((attribute) => attributes[attribute] === 'true');
      this.folderTitle = { text: '', container };
    } else if (name === 'dl') {
      this.folders.push(this.pendingFolder);
      this.pendingFolder = undefined;
    } else if (name === 'a') {
      const tags = splitTags(attributes.tags ?? '');
      const folders = this.folders.filter((folder): folder is string => folder !== undefined);
      const link: ImportedLink = {
        url: attributes.href ?? '',
        title: '',
        tags: [...new Set([...folders, ...tags])],
      };
      const createdAt = dateOf(attributes.add_date);
      if (createdAt) link.createdAt = createdAt;
      const isPrivate = privateOf(attributes.private);
      if (isPrivate !== undefined) link.private = isPrivate;
      this.bookmark = { link, text: '' };
    } else if (name === 'dd' && this.lastLink) {
      this.description = { link: this.lastLink, text: '' };
    }
  }

  private text(text: string): void {
    if (text.trim() !== '') this.sawContent = true;
    if (this.folderTitle) this.folderTitle.text += text;
    else if (this.bookmark) this.bookmark.text += text;
    else if (this.description) this.description.text += text;
  }

  private close(name: string): void {
    if (name === 'h3' && this.folderTitle) {
      const title = this.folderTitle.text.trim();
      this.pendingFolder = this.folderTitle.container || title === '' ? undefined : title;
      this.folderTitle = undefined;
      this.lastLink = undefined;
    } else if (name === 'a' && this.bookmark) {
      this.bookmark.link.title = this.bookmark.text.trim();
      this.links.push(this.bookmark.link);
      this.lastLink = this.bookmark.link;
      this.bookmark = undefined;
    } else if (name === 'dl') {
      this.finishDescription();
      this.lastLink = undefined;
      this.folders.pop();
    }
  }

  private finishDescription(): void {
    if (!this.description) return;
    const text = this.description.text.trim();
    if (text !== '') this.description.link.description = text;
    this.description = undefined;
  }
}

/**
 * PRIVATE="1" (del.icio.us, Pinboard, linkding, this service's export) marks a private
 * bookmark, PRIVATE="0" a shared one; browsers write neither, which leaves it unsaid.
 */
function privateOf(value: string | undefined): boolean | undefined {
  const flag = value?.trim().toLowerCase();
  if (flag === '1' || flag === 'true' || flag === 'yes') return true;
  if (flag === '0' || flag === 'false' || flag === 'no') return false;
  return undefined;
}

/** ADD_DATE is seconds since 1970 in browsers' files; some tools write milli- or microseconds. */
function dateOf(value: string | undefined): string | undefined {
  if (value === undefined || !/^\d{1,20}$/.test(value.trim())) return undefined;
  let seconds = Number(value.trim());
  if (seconds > 1e14) seconds /= 1e6;
  else if (seconds > 1e11) seconds /= 1e3;
  const date = new Date(seconds * 1000);
  return Number.isFinite(date.getTime()) && seconds > 0 ? date.toISOString() : undefined;
}

/** Parses a whole file held in memory (tests, the CLI's checks). */
export function parseNetscapeBookmarks(html: string): ImportedLink[] {
  const parser = new NetscapeBookmarkParser();
  parser.write(html);
  return parser.end();
}
