import { useEffect, useState } from 'preact/hooks';
import type { NewsEvent } from '../../../public-api-client';
import { useApp } from '../app-context';
import { Notice } from '../messages';
import { AppLink } from '../router';
import { FeedToken } from './feed-token';

const VERBS: Record<NewsEvent['eventType'], string> = {
  LINK_ADDED: 'saved',
  LINK_UPDATED: 'updated',
  LINK_DELETED: 'deleted',
};

/** What the people the user follows saved, newest first, a page at a time. */
export function NewsPage() {
  const { api, failed } = useApp();
  const [events, setEvents] = useState<NewsEvent[]>();
  const [next, setNext] = useState('');
  const [error, setError] = useState<string>();

  const load = async (start?: string) => {
    try {
      const page = await api.news(start);
      setEvents((old) => (start ? [...(old ?? []), ...page.events] : page.events));
      setNext(page.nextToken);
      setError(undefined);
    } catch (failure) {
      setError(failed(failure));
    }
  };
  useEffect(() => void load(), [api]);

  return (
    <>
      <h1>News</h1>
      <p class="lead">
        What the people you follow saved. <AppLink href="/people">Follow someone</AppLink> to see more here.
      </p>
      <p>
        <button type="button" class="secondary" onClick={() => void load()}>
          Refresh
        </button>
      </p>
      <Notice error={error} />
      {events === undefined ? (
        !error && <p>Loading…</p>
      ) : events.length === 0 ? (
        <p>Nothing yet.</p>
      ) : (
        <ol class="news" aria-label="News">
          {events.map((event, index) => (
            <li key={`${event.timestamp}-${event.url}-${index}`}>
              <strong>{event.username}</strong> {VERBS[event.eventType]}{' '}
              {event.eventType === 'LINK_DELETED' ? (
                <span>{event.title ?? event.url}</span>
              ) : (
                <a href={event.url} rel="noopener noreferrer" target="_blank">
                  {event.title ?? event.url}
                </a>
              )}{' '}
              <time dateTime={event.timestamp}>{new Date(event.timestamp).toLocaleString()}</time>
            </li>
          ))}
        </ol>
      )}
      {next && (
        <button type="button" class="secondary" onClick={() => void load(next)}>
          Older news
        </button>
      )}
      <FeedToken />
    </>
  );
}
