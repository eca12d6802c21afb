/**
 * The TAGS attribute of a Netscape bookmark file is one comma-separated list, while a
 * Delinkcious tag may hold a comma ("Paris, France"). So the writer escapes a comma inside
 * a tag as `%2C`, and a `%` as `%25` where it would otherwise read as one of these two
 * escapes; the reader undoes exactly those two. Any other `%` is written as is, so a tag
 * like `100%` looks the same to a browser, and browsers' own tags (which never hold a
 * comma) read back unchanged unless they literally contain `%2C` or `%25`.
 */
const ESCAPE = /%(2C|25)/gi;
const NEEDS_ESCAPE = /,|%(?=2C|25)/gi;

/** One tag as it goes into TAGS: no bare comma left, nothing the reader would misread. */
export function escapeTag(tag: string): string {
  return tag.replace(NEEDS_ESCAPE, (match) => (match === ',' ? '%2C' : '%25'));
}

export function unescapeTag(tag: string): string {
  return tag.replace(ESCAPE, (match) => (match === '%25' ? '%' : ','));
}

/** The TAGS value of a list of tags. */
export function joinTags(tags: readonly string[]): string {
  return tags.map(escapeTag).join(',');
}

/** The tags of a TAGS value: split on commas, each trimmed and unescaped, empty ones dropped. */
export function splitTags(value: string): string[] {
  return value
    .split(',')
    .map((tag) => unescapeTag(tag.trim()))
    .filter(Boolean);
}
