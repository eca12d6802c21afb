import { USERNAME_PATTERN } from '../../pkg/object-model';

const username = { type: 'string', pattern: USERNAME_PATTERN } as const;

export const followBodySchema = {
  type: 'object',
  required: ['followed', 'follower'],
  additionalProperties: false,
  properties: { followed: username, follower: username },
} as const;

export const usernameParamsSchema = {
  type: 'object',
  required: ['username'],
  properties: { username },
} as const;

export const usernamesResponseSchema = (field: 'following' | 'followers') =>
  ({
    type: 'object',
    required: [field],
    properties: { [field]: { type: 'array', items: { type: 'string' } } },
  }) as const;
