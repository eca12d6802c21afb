import { InvalidArgumentError, type Link } from '../object-model';
import { RegexDeadlineError, sharedRegexPool, type RegexPool } from './regex-pool';
import type { RegexAnswer, RegexJob } from './regex-job';

const MAX_PATTERN_LENGTH = 1000;
const FIELDS = ['url', 'title', 'description'] as const;
type FilterField = (typeof FIELDS)[number];

/**
 * The url/title/description filters, in RE2 syntax as the Go original (re2js mirrors Go's
 * regexp, its repetition and size limits included). Patterns run on RE2, so none can
 * backtrack; but a valid pattern such as `\pL{1000}` repeated still costs seconds over a
 * 10 000-character field. So compiling and matching happen in a RegexPool worker, never on
 * the event loop, under one deadline for the whole query (REGEX_BUDGET_MS): past it the
 * request fails with a 400, the worker is terminated, and other requests never waited.
 */
export class LinkFilter {
  private constructor(
    private readonly fields: FilterField[],
    private readonly patterns: string[],
    private readonly deadline: number,
    private readonly pool: RegexPool,
  ) {}

  /** Checks every pattern (INVALID_ARGUMENT naming the field) before the caller reads any link. */
  static async create(
    query: Partial<Record<FilterField, string>>,
    budgetMs: number,
    pool: RegexPool = sharedRegexPool(),
  ): Promise<LinkFilter> {
    const deadline = performance.now() + budgetMs;
    const fields = FIELDS.filter((field) => query[field] !== undefined && query[field] !== '');
    const patterns = fields.map((field) => query[field] as string);
    fields.forEach((field, i) => {
      if (patterns[i].length > MAX_PATTERN_LENGTH) {
        throw new InvalidArgumentError(`${field} pattern is longer than ${MAX_PATTERN_LENGTH} characters`);
      }
    });
    const filter = new LinkFilter(fields, patterns, deadline, pool);
    if (!filter.isEmpty) await filter.run({ patterns, texts: [] });
    return filter;
  }

  get isEmpty(): boolean {
    return this.patterns.length === 0;
  }

  /** The links every pattern matches, in order. */
  async select<T extends Link>(links: T[]): Promise<T[]> {
    if (this.isEmpty || links.length === 0) return links;
    const texts = links.map((link) => this.fields.map((field) => link[field]));
    const { matches } = await this.run({ patterns: this.patterns, texts });
    return matches.map((index) => links[index]);
  }

  private async run(job: RegexJob): Promise<{ matches: number[] }> {
    let answer: RegexAnswer;
    try {
      answer = await this.pool.run(job, this.deadline);
    } catch (error) {
      if (!(error instanceof RegexDeadlineError)) throw error;
      throw new InvalidArgumentError('the regular expressions took too long to evaluate; narrow the query');
    }
    if ('invalid' in answer) {
      const field = this.fields[answer.invalid];
      throw new InvalidArgumentError(`${field} is not a valid regular expression: ${answer.message}`);
    }
    return answer;
  }
}
