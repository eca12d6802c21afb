import { USERNAME_PATTERN } from '../../pkg/object-model';
import {
  addLinkBodySchema,
  deleteLinkQuerySchema,
  getLinksQuerySchema,
  linkResponseSchema,
  linksPageResponseSchema,
  updateLinkBodySchema,
} from '../link-service/schemas';

/** The link service's schemas without `username`: on the public API it comes from the session. */
function withoutUsername<S extends { properties: Record<string, unknown>; required: readonly string[] }>(
  schema: S,
) {
  const { username: _username, ...properties } = schema.properties;
  return { ...schema, properties, required: schema.required.filter((name) => name !== 'username') };
}

export const publicGetLinksQuerySchema = withoutUsername(getLinksQuerySchema);
export const publicAddLinkBodySchema = withoutUsername(addLinkBodySchema);
export const publicUpdateLinkBodySchema = withoutUsername(updateLinkBodySchema);
export const publicDeleteLinkQuerySchema = withoutUsername(deleteLinkQuerySchema);
export { linkResponseSchema, linksPageResponseSchema };

const username = { type: 'string', pattern: USERNAME_PATTERN } as const;

export const userSchema = {
  type: 'object',
  required: ['username', 'email'],
  properties: { username: { type: 'string' }, email: { type: 'string' } },
} as const;

export const sessionSchema = {
  type: 'object',
  required: ['session', 'username', 'email'],
  properties: { session: { type: 'string' }, username: { type: 'string' }, email: { type: 'string' } },
} as const;

export const devLoginBodySchema = {
  type: 'object',
  required: ['username', 'email'],
  additionalProperties: false,
  properties: { username, email: { type: 'string', minLength: 3, maxLength: 254 } },
} as const;

export const followBodySchema = {
  type: 'object',
  required: ['followed'],
  additionalProperties: false,
  properties: { followed: username },
} as const;

export const unfollowQuerySchema = followBodySchema;

export const usernamesSchema = (field: 'following' | 'followers') =>
  ({
    type: 'object',
    required: [field],
    properties: { [field]: { type: 'array', items: { type: 'string' } } },
  }) as const;

export const newsQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { start: { type: 'string', maxLength: 200 } },
} as const;

export const newsResponseSchema = {
  type: 'object',
  required: ['events', 'nextToken'],
  properties: {
    events: {
      type: 'array',
      items: {
        type: 'object',
        required: ['eventType', 'username', 'url', 'timestamp'],
        properties: {
          eventType: { type: 'string', enum: ['LINK_ADDED', 'LINK_UPDATED', 'LINK_DELETED'] },
          username: { type: 'string' },
          url: { type: 'string' },
          timestamp: { type: 'string' },
          title: { type: 'string' },
        },
      },
    },
    nextToken: { type: 'string' },
  },
} as const;

export const callbackQuerySchema = {
  type: 'object',
  required: ['code', 'state'],
  properties: { code: { type: 'string', maxLength: 2000 }, state: { type: 'string', maxLength: 200 } },
} as const;

/** Marks a route as needing `Authorization: Bearer <session>` in the OpenAPI document. */
export const bearer = [{ session: [] as string[] }];
