import { InvalidArgumentError, LINK_LIMITS } from '../object-model';

export { LINK_LIMITS };

export function checkUrl(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw new InvalidArgumentError('url is required');
  if (value.length > LINK_LIMITS.urlLength) {
    throw new InvalidArgumentError(`url is longer than ${LINK_LIMITS.urlLength} characters`);
  }
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new InvalidArgumentError('url must be an absolute http or https URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new InvalidArgumentError('url must be an absolute http or https URL');
  }
  return value;
}

export function checkTitle(value: unknown): string {
  const title = typeof value === 'string' ? value.trim() : '';
  if (title === '') throw new InvalidArgumentError('title is required');
  if (title.length > LINK_LIMITS.titleLength) {
    throw new InvalidArgumentError(`title is longer than ${LINK_LIMITS.titleLength} characters`);
  }
  return title;
}

export function checkDescription(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') throw new InvalidArgumentError('description must be a string');
  if (value.length > LINK_LIMITS.descriptionLength) {
    throw new InvalidArgumentError(`description is longer than ${LINK_LIMITS.descriptionLength} characters`);
  }
  return value;
}

/** Trimmed, non-empty, at most 64 characters each, duplicates dropped (tags are a set). */
export function checkTags(value: unknown, field = 'tags'): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new InvalidArgumentError(`${field} must be an array of strings`);
  const tags = new Set<string>();
  for (const raw of value) {
    if (typeof raw !== 'string') throw new InvalidArgumentError(`${field} must be an array of strings`);
    const tag = raw.trim();
    if (tag === '') throw new InvalidArgumentError(`${field} must not contain empty tags`);
    if (tag.length > LINK_LIMITS.tagLength) {
      throw new InvalidArgumentError(`${field} has a tag longer than ${LINK_LIMITS.tagLength} characters`);
    }
    tags.add(tag);
  }
  return [...tags];
}

export function checkTagCount(tags: string[]): string[] {
  if (tags.length > LINK_LIMITS.tagsPerLink) {
    throw new InvalidArgumentError(`a link has at most ${LINK_LIMITS.tagsPerLink} tags`);
  }
  return tags;
}

/** `private` is optional everywhere: undefined leaves it as it is (public for a new link). */
export function checkPrivate(value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new InvalidArgumentError('private must be true or false');
  return value;
}
