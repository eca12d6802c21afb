import { RE2JS } from 're2js';
import { InvalidArgumentError, type Link } from '../object-model';

const MAX_PATTERN_LENGTH = 1000;

function compile(field: string, pattern: string | undefined): RE2JS | undefined {
  if (pattern === undefined || pattern === '') return undefined;
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new InvalidArgumentError(`${field} pattern is longer than ${MAX_PATTERN_LENGTH} characters`);
  }
  try {
    return RE2JS.compile(pattern);
  } catch (error) {
    throw new InvalidArgumentError(`${field} is not a valid regular expression: ${(error as Error).message}`);
  }
}

/**
 * The url/title/description filters. Patterns run on RE2 (linear time, no
 * backtracking), so no pattern can blow up on one field; the time budget bounds the
 * whole scan as well, so a request always ends, with an error if it must.
 */
export class LinkFilter {
  private readonly patterns: Array<[keyof Link, RE2JS]>;
  private readonly deadline: number;

  constructor(query: { url?: string; title?: string; description?: string }, budgetMs: number) {
    this.patterns = (['url', 'title', 'description'] as const)
      .map((field) => [field, compile(field, query[field])] as const)
      .filter(
        (entry): entry is [keyof Link & ('url' | 'title' | 'description'), RE2JS] => entry[1] !== undefined,
      );
    this.deadline = performance.now() + budgetMs;
  }

  get isEmpty(): boolean {
    return this.patterns.length === 0;
  }

  matches(link: Link): boolean {
    if (performance.now() >= this.deadline) {
      throw new InvalidArgumentError('the regular expressions took too long to evaluate; narrow the query');
    }
    return this.patterns.every(([field, pattern]) => pattern.test(String(link[field])));
  }
}
