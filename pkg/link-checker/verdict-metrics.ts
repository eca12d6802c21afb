import { Counter, type Registry } from 'prom-client';
import type { Middleware } from '../kit';
import type { LinkChecker } from './link-checker';

/**
 * Counts verdicts by status: the metrics middleware sees every check succeed, whatever
 * it found, so the dashboards read valid against invalid links from here.
 */
export function countVerdicts(registry: Registry): Middleware<LinkChecker> {
  const verdicts = new Counter({
    name: 'delinkcious_link_checks_total',
    help: 'Link checks by verdict (valid or invalid).',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  return (next) => ({
    check: async (url) => {
      const result = await next.check(url);
      verdicts.inc({ status: result.status });
      return result;
    },
  });
}
