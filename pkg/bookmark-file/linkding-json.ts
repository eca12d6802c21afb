import { z } from 'zod';
import type { ImportedLink } from '../object-model';

/**
 * One bookmark as linkding's REST API gives it (GET /api/bookmarks/): `tag_names` a list,
 * `shared` false for a bookmark only its owner sees. An empty title or description falls
 * back to what linkding read from the page (`website_title`, `website_description`), as
 * linkding's own export does; `notes` follow the description. `is_archived`, `unread` and
 * the rest have no place here and are left out.
 */
export const linkdingBookmarkSchema = z.looseObject({
  url: z.string(),
  title: z.string().nullish(),
  description: z.string().nullish(),
  notes: z.string().nullish(),
  website_title: z.string().nullish(),
  website_description: z.string().nullish(),
  tag_names: z.array(z.string()).nullish(),
  shared: z.boolean().nullish(),
  is_archived: z.boolean().nullish(),
  date_added: z.string().nullish(),
});
export const linkdingExportSchema = z.union([
  z.looseObject({ results: z.array(linkdingBookmarkSchema) }),
  z.array(linkdingBookmarkSchema),
]);
export type LinkdingBookmark = z.infer<typeof linkdingBookmarkSchema>;

export function linkdingLink(bookmark: LinkdingBookmark): ImportedLink {
  const link: ImportedLink = {
    url: bookmark.url,
    title: bookmark.title || bookmark.website_title || '',
    tags: bookmark.tag_names ?? [],
  };
  const description = [bookmark.description || bookmark.website_description, bookmark.notes]
    .filter(Boolean)
    .join('\n\n');
  if (description) link.description = description;
  if (bookmark.date_added) link.createdAt = bookmark.date_added;
  if (typeof bookmark.shared === 'boolean') link.private = !bookmark.shared;
  return link;
}
