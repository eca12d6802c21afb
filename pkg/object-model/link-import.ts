import { z } from 'zod';
import { LINK_LIMITS } from './link';
import { textSchema, usernameSchema } from './validation';

/** Most bookmarks one import may carry, whatever the per-user limit. */
export const IMPORT_MAX_LINKS = 20_000;

/**
 * One bookmark as read from an export file, before the link rules are applied: its fields
 * are bounded only loosely here, so a bookmark that breaks a rule is skipped with its
 * reason instead of failing the whole import.
 */
export const importedLinkSchema = z.strictObject({
  // Text Postgres cannot hold (NUL, lone surrogates) refuses the whole file: nothing is stored.
  url: textSchema().max(8 * LINK_LIMITS.urlLength),
  title: textSchema().max(8 * LINK_LIMITS.titleLength),
  description: textSchema()
    .max(2 * LINK_LIMITS.descriptionLength)
    .optional(),
  tags: z.array(textSchema().max(1000)).max(1000).optional(),
  createdAt: textSchema().max(40).optional().meta({ description: 'RFC 3339; when it was bookmarked.' }),
  private: z
    .boolean()
    .optional()
    .meta({ description: 'As the file says; unsaid (browsers) means public for a new link.' }),
});
export type ImportedLink = z.infer<typeof importedLinkSchema>;

export const importLinksRequestSchema = z.strictObject({
  username: usernameSchema,
  links: z.array(importedLinkSchema).max(IMPORT_MAX_LINKS),
});
export type ImportLinksRequest = z.infer<typeof importLinksRequestSchema>;

export const importReportSchema = z
  .object({
    added: z.number().int(),
    updated: z.number().int(),
    skipped: z.array(z.object({ url: z.string(), reason: z.string() })),
  })
  .meta({
    id: 'ImportReport',
    description: 'What an import did: links added, links changed, and bookmarks left out with the reason.',
    examples: [
      {
        added: 2,
        updated: 1,
        skipped: [{ url: 'place:sort=8', reason: 'url must be an absolute http or https URL' }],
      },
    ],
  });
export type ImportReport = z.infer<typeof importReportSchema>;
