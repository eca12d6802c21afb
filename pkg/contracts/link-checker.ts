import { z } from 'zod';
import type { AccessTable } from '../auth';
import { defineOperations } from '../kit/transport/http/operation';
import { linkStatusSchema, linkUrlSchema } from '../object-model';

export const checkResultSchema = z.object({
  status: linkStatusSchema.exclude(['pending']),
  reason: z.string(),
});

/** The link checker's HTTP trigger: check one url on demand. */
export const linkCheckerOperations = defineOperations({
  check: {
    method: 'POST',
    path: '/check',
    summary: 'Check one url now',
    request: { in: 'body', schema: z.strictObject({ url: linkUrlSchema }) },
    response: checkResultSchema,
    status: 200,
    idempotent: true,
  },
});

/**
 * No service calls the checker over HTTP: it hears of links and answers over NATS. The
 * trigger is for local runs and experiments (CALLER_AUTH_DISABLED=true).
 */
export const linkCheckerAccess: AccessTable<typeof linkCheckerOperations> = { check: {} };
