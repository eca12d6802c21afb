import { z } from 'zod';
import type { ImportedLink } from '../object-model';

/** Pinboard's yes/no flags. */
const yesNo = z.enum(['yes', 'no']);

/**
 * One bookmark of Pinboard's JSON export (pinboard.in/export, or the v1 API's posts/all):
 * `description` is the title and `extended` the description (del.icio.us's names), `tags`
 * one space-separated string, `shared` "no" for a private bookmark. Fields this service
 * has no place for (`toread`, `hash`, `meta`) are allowed and left out.
 */
export const pinboardBookmarkSchema = z.looseObject({
  href: z.string(),
  description: z.string().nullish(),
  extended: z.string().nullish(),
  tags: z.string().nullish(),
  shared: yesNo.nullish(),
  toread: yesNo.nullish(),
  time: z.string().nullish(),
});
export const pinboardExportSchema = z.array(pinboardBookmarkSchema).meta({
  description: "Pinboard's JSON export: an array of {href, description, extended, tags, shared, time}.",
});
export type PinboardBookmark = z.infer<typeof pinboardBookmarkSchema>;

export function pinboardLink(bookmark: PinboardBookmark): ImportedLink {
  const link: ImportedLink = {
    url: bookmark.href,
    title: bookmark.description ?? '',
    tags: (bookmark.tags ?? '').split(/\s+/).filter(Boolean),
  };
  if (bookmark.extended) link.description = bookmark.extended;
  if (bookmark.time) link.createdAt = bookmark.time;
  if (bookmark.shared) link.private = bookmark.shared === 'no';
  return link;
}
