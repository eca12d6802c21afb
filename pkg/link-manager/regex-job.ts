/** What the link filter sends a regex worker, and what it answers (plain data: it crosses threads). */
export interface RegexJob {
  /** RE2 patterns, all of which a link must match. */
  patterns: string[];
  /** Per link, the field values in the order of `patterns`; empty to only compile. */
  texts: string[][];
}

export type RegexAnswer =
  /** Indexes into `texts` of the links every pattern matched. */
  | { matches: number[] }
  /** `patterns[invalid]` does not compile. */
  | { invalid: number; message: string };
