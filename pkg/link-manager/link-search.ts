import { InvalidArgumentError, LINK_LIMITS, type Link } from '../object-model';

/**
 * The search people type in `q`, parsed: words every link must contain (as word
 * prefixes), words none may contain, and exact tags. Words are folded (see foldWords), so
 * the search ignores case and accents.
 */
export interface LinkSearch {
  words: string[];
  excluded: string[];
  tags: string[];
}

/** A link's words by weight: title (A), tags (B), url and description (C). */
const WEIGHTS = { A: 1, B: 0.4, C: 0.2 } as const;
type Weight = keyof typeof WEIGHTS;

const MAX_SEARCH_WORDS = 20;
/** Postgres keeps positions up to 16383 and lexemes under 2 KB; longer words are not searchable. */
const MAX_POSITION = 16_383;
const MAX_WORD_LENGTH = 200;
/**
 * The marks NFKD splits accents into (combining diacriticals, Script=Inherited); a script's
 * own vowel signs (Devanagari's, say) are letters of that script and stay.
 */
const DIACRITICS = /\p{Script=Inherited}/gu;

/**
 * Lower-case words without accents: `Café-Crème` → `cafe`, `creme`. Done here rather
 * than in SQL, because PGlite has no `unaccent` and its `lower()` follows the C locale:
 * folding in one place gives the embedded and the real Postgres the same results.
 */
export function foldWords(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(DIACRITICS, '')
      .toLowerCase()
      // Letters, digits and the marks left after DIACRITICS (vowel signs, viramas) make words.
      .split(/[^\p{L}\p{M}\p{N}]+/u)
      .filter((word) => word !== '' && word.length <= MAX_WORD_LENGTH)
  );
}

/** Parses `q`; INVALID_ARGUMENT when it is too long, has too many words, or nothing to search. */
export function parseSearch(q: string): LinkSearch {
  if (q.length > LINK_LIMITS.searchLength) {
    throw new InvalidArgumentError(`q is longer than ${LINK_LIMITS.searchLength} characters`);
  }
  const search: LinkSearch = { words: [], excluded: [], tags: [] };
  for (const token of q.split(/\s+/).filter(Boolean)) {
    if (token.startsWith('tag:') && token.length > 4) search.tags.push(token.slice(4));
    else if (token.startsWith('-') && token.length > 1) search.excluded.push(...foldWords(token.slice(1)));
    else search.words.push(...foldWords(token));
  }
  search.words = [...new Set(search.words)];
  search.excluded = [...new Set(search.excluded)];
  search.tags = [...new Set(search.tags)];
  const count = search.words.length + search.excluded.length + search.tags.length;
  if (count === 0) throw new InvalidArgumentError('q has no word to search for');
  if (count > MAX_SEARCH_WORDS) throw new InvalidArgumentError(`q has more than ${MAX_SEARCH_WORDS} words`);
  if (search.tags.some((tag) => tag.length > LINK_LIMITS.tagLength)) {
    throw new InvalidArgumentError(`q has a tag longer than ${LINK_LIMITS.tagLength} characters`);
  }
  return search;
}

function weightedWords(link: Pick<Link, 'url' | 'title' | 'description' | 'tags'>): Array<[string, Weight]> {
  const weighted = (text: string, weight: Weight) =>
    foldWords(text).map((word): [string, Weight] => [word, weight]);
  return [
    ...weighted(link.title, 'A'),
    ...weighted(link.tags.join(' '), 'B'),
    ...weighted(`${link.url} ${link.description}`, 'C'),
  ];
}

/**
 * The link as a Postgres `tsvector` literal (`'word':1A ...`), stored in `search_document`
 * and cast by the generated `search_vector` column. Folded words hold only letters and
 * digits, so they need no escaping.
 */
export function searchDocument(link: Pick<Link, 'url' | 'title' | 'description' | 'tags'>): string {
  return weightedWords(link)
    .slice(0, MAX_POSITION)
    .map(([word, weight], i) => `'${word}':${i + 1}${weight}`)
    .join(' ');
}

/** The `tsquery` a link must match: every word as a prefix, none of the excluded. */
export function matchQuery(search: LinkSearch): string | undefined {
  const terms = [
    ...search.words.map((word) => `'${word}':*`),
    ...search.excluded.map((word) => `!'${word}':*`),
  ];
  return terms.length === 0 ? undefined : terms.join(' & ');
}

/** The `tsquery` that ranks (negations would zero every rank). */
export function rankQuery(search: LinkSearch): string | undefined {
  return search.words.length === 0 ? undefined : search.words.map((word) => `'${word}':*`).join(' | ');
}

/** Ranks are integers (ts_rank × 10^6) so a page token carries them exactly. */
export const RANK_SCALE = 1_000_000;

/**
 * The in-memory store's search: the same matching as Postgres; a rank in the same order
 * (a title match before a tag match before a url or description match, more words first),
 * though not ts_rank's exact figures.
 */
export function rankInMemory(link: Link, search: LinkSearch): number | undefined {
  if (!search.tags.every((tag) => link.tags.includes(tag))) return undefined;
  const words = weightedWords(link);
  const has = (prefix: string) => words.some(([word]) => word.startsWith(prefix));
  if (!search.words.every(has) || search.excluded.some(has)) return undefined;
  let rank = 0;
  for (const prefix of search.words) {
    const weights = words.filter(([word]) => word.startsWith(prefix)).map(([, weight]) => WEIGHTS[weight]);
    rank += Math.max(...weights) + weights.length / 1000;
  }
  return Math.round((rank / (search.words.length || 1)) * RANK_SCALE);
}
