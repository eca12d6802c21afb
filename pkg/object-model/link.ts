import { z } from 'zod';
import type { ImportLinksRequest, ImportReport } from './link-import';
import { textSchema, usernameSchema } from './validation';

export const LINK_STATUSES = ['pending', 'valid', 'invalid'] as const;
export type LinkStatus = (typeof LINK_STATUSES)[number];

/** SPEC limits of a link's fields. */
export const LINK_LIMITS = {
  urlLength: 2048,
  titleLength: 500,
  descriptionLength: 10_000,
  tagLength: 64,
  tagsPerLink: 50,
  /** Longest RE2 pattern accepted in a query. */
  patternLength: 1000,
  /** Longest page token accepted. */
  pageTokenLength: 200,
  /** Page sizes: 1–100, default 10. */
  pageSizeMax: 100,
  /** Longest search text (`q`) accepted. */
  searchLength: 500,
} as const;

const EXAMPLE_LINK = {
  url: 'https://kubernetes.io/docs',
  title: 'Kubernetes docs',
  description: 'Everything about pods',
  tags: ['k8s', 'docs'],
  status: 'pending',
  private: false,
  createdAt: '2026-01-02T03:04:05.000Z',
  updatedAt: '2026-01-02T03:04:05.000Z',
} as const;

export const linkUrlSchema = textSchema()
  .min(1)
  .max(LINK_LIMITS.urlLength)
  .meta({ description: 'An absolute http or https URL.', examples: [EXAMPLE_LINK.url] });
const tagsSchema = z.array(textSchema().max(LINK_LIMITS.tagLength)).max(LINK_LIMITS.tagsPerLink);
const titleSchema = textSchema().max(LINK_LIMITS.titleLength);
const descriptionSchema = textSchema().max(LINK_LIMITS.descriptionLength);
const privateSchema = z.boolean().meta({
  description: 'Private links are seen only by their owner: they never reach followers’ news.',
});
const patternSchema = textSchema()
  .max(LINK_LIMITS.patternLength)
  .meta({ description: 'An unanchored RE2 pattern.' });

export const linkStatusSchema = z.enum(LINK_STATUSES);

export const linkSchema = z
  .object({
    url: z.string(),
    title: z.string(),
    description: z.string(),
    tags: z.array(z.string()),
    status: linkStatusSchema.meta({ description: 'Set by the link checker; `pending` until checked.' }),
    // A default, so a link from a service that predates private links reads as public.
    private: privateSchema.default(false),
    checkReason: z
      .string()
      .optional()
      .meta({ description: "The link checker's reason, e.g. `HTTP 404`; absent until checked." }),
    checkedAt: z
      .string()
      .optional()
      .meta({ description: 'RFC 3339: when the link checker gave its verdict.' }),
    createdAt: z.string().meta({ description: 'RFC 3339' }),
    updatedAt: z.string().meta({ description: 'RFC 3339' }),
  })
  .meta({ id: 'Link', description: 'A bookmarked link.', examples: [EXAMPLE_LINK] });
export type Link = z.infer<typeof linkSchema>;

/**
 * Query of a user's links. `q` is a search people can type; `url`, `title` and
 * `description` are unanchored, case-sensitive RE2 patterns kept for compatibility.
 */
export const getLinksRequestSchema = z.strictObject({
  username: usernameSchema,
  q: z
    .string()
    .max(LINK_LIMITS.searchLength)
    .optional()
    .meta({
      description:
        'Words matched (as word prefixes) in url, title, description and tags, ignoring case and accents; ' +
        'every word must match. `tag:name` keeps links with that exact tag, `-word` drops links with the word. ' +
        'Results are ranked, best first (title before tags before url and description), then newest first.',
      examples: ['kube -draft tag:docs'],
    }),
  url: patternSchema.optional(),
  title: patternSchema.optional(),
  description: patternSchema.optional(),
  tag: textSchema().max(LINK_LIMITS.tagLength).optional(),
  start: textSchema()
    .max(LINK_LIMITS.pageTokenLength)
    .optional()
    .meta({ description: 'Opaque page token from a previous `nextPageToken`.' }),
  // Query strings are text: the limit arrives as digits and becomes a number here.
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(LINK_LIMITS.pageSizeMax)
    .optional()
    .meta({ description: 'Page size, 1–100; default 10.', examples: [10] }),
});
export type GetLinksRequest = z.infer<typeof getLinksRequestSchema>;

/** A user's public links, newest first: what anyone may read (the Atom feed of their links). */
export const getPublicLinksRequestSchema = getLinksRequestSchema.pick({
  username: true,
  start: true,
  limit: true,
});
export type GetPublicLinksRequest = z.infer<typeof getPublicLinksRequestSchema>;

export const getLinksResultSchema = z
  .object({
    links: z.array(linkSchema),
    nextPageToken: z.string().meta({ description: '`""` on the last page.' }),
  })
  .meta({ id: 'LinksPage', description: 'One page of links, newest first (best match first with `q`).' });
export type GetLinksResult = z.infer<typeof getLinksResultSchema>;

export const addLinkRequestSchema = z.strictObject({
  username: usernameSchema,
  url: linkUrlSchema,
  title: titleSchema.meta({ examples: [EXAMPLE_LINK.title] }),
  description: descriptionSchema.optional(),
  tags: tagsSchema.optional(),
  private: privateSchema.optional().meta({ description: 'Keep the link to yourself; default false.' }),
});
export type AddLinkRequest = z.infer<typeof addLinkRequestSchema>;

export const updateLinkRequestSchema = z.strictObject({
  username: usernameSchema,
  url: linkUrlSchema,
  title: titleSchema.optional(),
  description: descriptionSchema.optional(),
  addTags: tagsSchema.optional(),
  removeTags: tagsSchema.optional(),
  private: privateSchema
    .optional()
    .meta({ description: 'true hides the link from followers from now on; false shares it.' }),
});
export type UpdateLinkRequest = z.infer<typeof updateLinkRequestSchema>;

export const deleteLinkRequestSchema = z.strictObject({ username: usernameSchema, url: linkUrlSchema });
export type DeleteLinkRequest = z.infer<typeof deleteLinkRequestSchema>;

const tagNameSchema = z.string().min(1).max(LINK_LIMITS.tagLength);

export const getTagsRequestSchema = z.strictObject({ username: usernameSchema });
export type GetTagsRequest = z.infer<typeof getTagsRequestSchema>;

export const tagCountSchema = z.object({ tag: z.string(), count: z.number().int() }).meta({ id: 'TagCount' });
export type TagCount = z.infer<typeof tagCountSchema>;

export const getTagsResultSchema = z.object({ tags: z.array(tagCountSchema) }).meta({
  id: 'Tags',
  description: "The user's tags with how many links carry each, most used first, then by name.",
  examples: [
    {
      tags: [
        { tag: 'k8s', count: 12 },
        { tag: 'docs', count: 3 },
      ],
    },
  ],
});
export type GetTagsResult = z.infer<typeof getTagsResultSchema>;

export const renameTagRequestSchema = z.strictObject({
  username: usernameSchema,
  from: tagNameSchema.meta({ description: 'The tag to rename.', examples: ['k8s'] }),
  to: tagNameSchema.meta({
    description: 'Its new name; links that already carry it keep one copy (the tags merge).',
    examples: ['kubernetes'],
  }),
});
export type RenameTagRequest = z.infer<typeof renameTagRequestSchema>;

export const renameTagResultSchema = z
  .object({ renamed: z.number().int().meta({ description: 'How many links changed.' }) })
  .meta({ id: 'TagRenamed', examples: [{ renamed: 12 }] });
export type RenameTagResult = z.infer<typeof renameTagResultSchema>;

export interface LinkManager {
  /** All of the user's links, private ones included: for that user only. */
  getLinks(request: GetLinksRequest): Promise<GetLinksResult>;
  /** The user's links that are not private: for anyone. */
  getPublicLinks(request: GetPublicLinksRequest): Promise<GetLinksResult>;
  addLink(request: AddLinkRequest): Promise<Link>;
  updateLink(request: UpdateLinkRequest): Promise<Link>;
  deleteLink(request: DeleteLinkRequest): Promise<void>;
  getTags(request: GetTagsRequest): Promise<GetTagsResult>;
  renameTag(request: RenameTagRequest): Promise<RenameTagResult>;
  /** Adds or updates many links in one transaction (link-import.ts); one news entry per import. */
  importLinks(request: ImportLinksRequest): Promise<ImportReport>;
}

/** The link checker's verdict on a url, applied by the link service (not part of the public API). */
export interface SetLinkStatusRequest {
  username: string;
  url: string;
  status: Exclude<LinkStatus, 'pending'>;
  /** Why, e.g. `HTTP 404` or `unreachable: no answer within 10000 ms`. */
  reason: string;
  /** RFC 3339: when the checker gave its verdict. */
  checkedAt: string;
}
