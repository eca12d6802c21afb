import { USERNAME_PATTERN } from '../../pkg/object-model';

const username = { type: 'string', pattern: USERNAME_PATTERN } as const;
const token = { type: 'string', minLength: 1, maxLength: 4096 } as const;
const body = (properties: Record<string, unknown>) =>
  ({ type: 'object', required: Object.keys(properties), additionalProperties: false, properties }) as const;

export const registerBodySchema = body({ username, email: { type: 'string', maxLength: 254 } });
export const loginBodySchema = body({ username, authToken: token });
export const logoutBodySchema = body({ username, session: token });
export const resolveSessionBodySchema = body({ session: token });
export const usernameParamsSchema = body({ username });

export const userResponseSchema = {
  type: 'object',
  required: ['user'],
  properties: {
    user: {
      type: 'object',
      required: ['username', 'email'],
      properties: { username: { type: 'string' }, email: { type: 'string' } },
    },
  },
} as const;

export const sessionResponseSchema = {
  type: 'object',
  required: ['session'],
  properties: { session: { type: 'string' } },
} as const;
