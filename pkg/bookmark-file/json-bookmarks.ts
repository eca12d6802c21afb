import { z } from 'zod';
import { InvalidArgumentError, type ImportedLink } from '../object-model';
import { linkdingBookmarkSchema, linkdingExportSchema, linkdingLink } from './linkding-json';
import { pinboardBookmarkSchema, pinboardExportSchema, pinboardLink } from './pinboard-json';

/** The JSON files an import reads, for the API's documentation (parseJsonBookmarks checks them). */
export const jsonBookmarkExportSchema = z.union([pinboardExportSchema, linkdingExportSchema]).meta({
  id: 'JsonBookmarkExport',
  description: "Pinboard's JSON export, or linkding's API answer (or the array of its `results`).",
});

const FORMATS =
  "a JSON import is Pinboard's export (an array of {href, description, …}) or linkding's API answer ({results: [{url, title, …}]} or an array of those)";

/**
 * Reads a JSON export, telling Pinboard's from linkding's by its first bookmark (`href`
 * or `url`). Every bookmark must have the shape of its format, or the whole file is refused
 * (INVALID_ARGUMENT, naming the bookmark), as for a file that is not a bookmark file: a
 * bookmark that merely breaks a link rule (a `javascript:` url, say) is the link service's
 * to skip with its reason.
 */
export function parseJsonBookmarks(text: string): ImportedLink[] {
  let value: unknown;
  try {
    // A byte order mark is no JSON, but editors on Windows write one.
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new InvalidArgumentError(`not valid JSON (${(error as Error).message}): ${FORMATS}`);
  }
  const items = Array.isArray(value) ? value : isObject(value) ? value.results : undefined;
  if (!Array.isArray(items)) throw new InvalidArgumentError(`not a bookmark export: ${FORMATS}`);
  if (items.length === 0) return [];
  const first: unknown = items[0];
  if (Array.isArray(value) && isObject(first) && 'href' in first) {
    return items.map((item, index) => pinboardLink(checked(pinboardBookmarkSchema, item, index, 'Pinboard')));
  }
  if (isObject(first) && 'url' in first) {
    return items.map((item, index) => linkdingLink(checked(linkdingBookmarkSchema, item, index, 'linkding')));
  }
  throw new InvalidArgumentError(`not a bookmark export: ${FORMATS}`);
}

function checked<T>(schema: z.ZodType<T>, item: unknown, index: number, format: string): T {
  const result = schema.safeParse(item);
  if (result.success) return result.data;
  const [issue] = result.error.issues;
  const field = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  // Counted from 1, as a person reading the file counts.
  throw new InvalidArgumentError(`not a ${format} export: bookmark ${index + 1}: ${field}${issue.message}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
