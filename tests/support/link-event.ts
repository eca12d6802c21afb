import type { LinkEvent, NewsEventType } from '../../pkg/object-model';

/** A link event as the link service publishes it, with a unique id and a later time each call. */
let counter = 0;
export function linkEvent(author: string, url: string, type: NewsEventType = 'LINK_ADDED'): LinkEvent {
  counter += 1;
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, 0, counter)).toISOString();
  return {
    id: `${process.pid}-${Date.now()}-${counter}`,
    type,
    author,
    occurredAt: at,
    link: {
      url,
      title: `title of ${url}`,
      description: '',
      tags: [],
      status: 'pending',
      private: false,
      createdAt: at,
      updatedAt: at,
    },
  };
}
