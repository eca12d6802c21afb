export const checkBodySchema = {
  type: 'object',
  required: ['url'],
  additionalProperties: false,
  properties: { url: { type: 'string', minLength: 1, maxLength: 2048 } },
} as const;

export const checkResultSchema = {
  type: 'object',
  required: ['status', 'reason'],
  properties: { status: { type: 'string', enum: ['valid', 'invalid'] }, reason: { type: 'string' } },
} as const;
