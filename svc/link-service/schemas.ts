import { USERNAME_PATTERN } from '../../pkg/object-model';
import { LINK_LIMITS } from '../../pkg/link-manager';

/** JSON schemas of the link service's wire format: they validate requests and serialise responses. */
const username = { type: 'string', pattern: USERNAME_PATTERN } as const;
const url = { type: 'string', minLength: 1, maxLength: LINK_LIMITS.urlLength } as const;
const tagList = {
  type: 'array',
  maxItems: LINK_LIMITS.tagsPerLink,
  items: { type: 'string', maxLength: LINK_LIMITS.tagLength },
} as const;
const pattern = { type: 'string', maxLength: 1000 } as const;

export const linkSchema = {
  type: 'object',
  required: ['url', 'title', 'description', 'tags', 'status', 'createdAt', 'updatedAt'],
  properties: {
    url: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    tags: { type: 'array', items: { type: 'string' } },
    status: { type: 'string', enum: ['pending', 'valid', 'invalid'] },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
  },
} as const;

export const getLinksQuerySchema = {
  type: 'object',
  required: ['username'],
  additionalProperties: false,
  properties: {
    username,
    url: pattern,
    title: pattern,
    description: pattern,
    tag: { type: 'string', maxLength: LINK_LIMITS.tagLength },
    start: { type: 'string', maxLength: 200 },
    // Query strings are text: the limit is parsed from digits, not coerced from anything.
    limit: { type: 'string', pattern: '^[0-9]{1,3}$' },
  },
} as const;

const title = { type: 'string', maxLength: LINK_LIMITS.titleLength } as const;
const description = { type: 'string', maxLength: LINK_LIMITS.descriptionLength } as const;

export const addLinkBodySchema = {
  type: 'object',
  required: ['username', 'url', 'title'],
  additionalProperties: false,
  properties: { username, url, title, description, tags: tagList },
} as const;

export const updateLinkBodySchema = {
  type: 'object',
  required: ['username', 'url'],
  additionalProperties: false,
  properties: { username, url, title, description, addTags: tagList, removeTags: tagList },
} as const;

export const deleteLinkQuerySchema = {
  type: 'object',
  required: ['username', 'url'],
  additionalProperties: false,
  properties: { username, url },
} as const;

export const linkResponseSchema = {
  type: 'object',
  required: ['link'],
  properties: { link: linkSchema },
} as const;

export const linksPageResponseSchema = {
  type: 'object',
  required: ['links', 'nextPageToken'],
  properties: { links: { type: 'array', items: linkSchema }, nextPageToken: { type: 'string' } },
} as const;
