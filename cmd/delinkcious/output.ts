import type { Link, NewsEvent, TagCount } from '../../pkg/public-api-client';

/** Where a command writes: human-readable lines, or the API's JSON with `--json`. */
export interface Output {
  json: boolean;
  line(text: string): void;
  data(value: unknown): void;
}

export function makeOutput(
  json: boolean,
  write: (text: string) => void = (text) => process.stdout.write(text),
): Output {
  return {
    json,
    line: (text) => write(`${text}\n`),
    data: (value) => write(`${JSON.stringify(value, null, 2)}\n`),
  };
}

export function formatLink(link: Link): string {
  const details = [
    ...(link.private ? ['private'] : []),
    link.status,
    link.createdAt,
    ...(link.tags.length ? [`tags: ${link.tags.join(', ')}`] : []),
  ];
  const lines = [link.title, `  ${link.url}`];
  if (link.description) lines.push(`  ${link.description}`);
  lines.push(`  ${details.join(' · ')}`);
  // Why the link checker found it invalid: the one verdict its owner has to act on.
  if (link.status === 'invalid' && link.checkReason) {
    lines.push(`  invalid: ${link.checkReason}${link.checkedAt ? ` (checked ${link.checkedAt})` : ''}`);
  }
  return lines.join('\n');
}

const VERBS: Record<NewsEvent['eventType'], string> = {
  LINK_ADDED: 'saved',
  LINK_UPDATED: 'updated',
  LINK_DELETED: 'deleted',
};

export function formatNewsEvent(event: NewsEvent): string {
  const what = event.title ? `${event.title} <${event.url}>` : event.url;
  return `${event.timestamp}  ${event.username} ${VERBS[event.eventType]} ${what}`;
}

export function formatTagCount({ tag, count }: TagCount): string {
  return `${tag}  ${count} ${count === 1 ? 'link' : 'links'}`;
}
