import type { Link, NewsEvent } from '../../pkg/public-api-client';

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
