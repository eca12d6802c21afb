import { createHash } from 'node:crypto';

/** One entry of an Atom feed (RFC 4287): what any feed reader shows as an item. */
export interface AtomEntry {
  /** Permanent and unique: see `atomId`. */
  id: string;
  title: string;
  /** Where the entry points. */
  link: string;
  /** RFC 3339 */
  updated: string;
  published?: string;
  summary?: string;
  categories?: string[];
}

export interface AtomFeed {
  id: string;
  title: string;
  /** The feed's own address (rel="self"). */
  self: string;
  /** A page a person reads it next to (rel="alternate"). */
  alternate?: string;
  author: string;
  /** RFC 3339; when the feed last changed (the newest entry, or now when it has none). */
  updated: string;
  entries: AtomEntry[];
}

/** Characters XML 1.0 cannot carry at all, even escaped: dropped. */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text and attribute values, escaped for XML. */
export function escapeXml(value: string): string {
  return value
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A stable URN for anything named by `parts`: the same parts always give the same id. */
export function atomId(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const element = (name: string, text: string) => `<${name}>${escapeXml(text)}</${name}>`;

function entryXml(entry: AtomEntry): string {
  return [
    '  <entry>',
    `    ${element('id', entry.id)}`,
    `    ${element('title', entry.title)}`,
    `    <link rel="alternate" href="${escapeXml(entry.link)}"/>`,
    `    ${element('updated', entry.updated)}`,
    ...(entry.published ? [`    ${element('published', entry.published)}`] : []),
    ...(entry.summary ? [`    <summary type="text">${escapeXml(entry.summary)}</summary>`] : []),
    ...(entry.categories ?? []).map((term) => `    <category term="${escapeXml(term)}"/>`),
    '  </entry>',
  ].join('\n');
}

/** The feed as an Atom 1.0 document. */
export function atomXml(feed: AtomFeed): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  ${element('id', feed.id)}`,
    `  ${element('title', feed.title)}`,
    `  ${element('updated', feed.updated)}`,
    `  <author>${element('name', feed.author)}</author>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(feed.self)}"/>`,
    ...(feed.alternate ? [`  <link rel="alternate" href="${escapeXml(feed.alternate)}"/>`] : []),
    ...feed.entries.map(entryXml),
    '</feed>',
    '',
  ].join('\n');
}
