import { z } from 'zod';

/** Numbers match `pb/news.proto`'s EventType. */
export const NEWS_EVENT_TYPES = ['LINK_ADDED', 'LINK_UPDATED', 'LINK_DELETED'] as const;
export type NewsEventType = (typeof NEWS_EVENT_TYPES)[number];

/** One entry of a feed: something the followed `username` (the author) did to a link. */
export const newsEventSchema = z
  .object({
    eventType: z.enum(NEWS_EVENT_TYPES),
    username: z.string().meta({ description: 'The author of the link: the person followed.' }),
    url: z.string(),
    timestamp: z.string().meta({ description: 'RFC 3339' }),
    title: z.string().optional(),
  })
  .meta({
    id: 'NewsEvent',
    description: 'Something a followed user did to a link.',
    examples: [
      {
        eventType: 'LINK_ADDED',
        username: 'gigi',
        url: 'https://kubernetes.io/docs',
        timestamp: '2026-01-02T03:04:05.000Z',
        title: 'Kubernetes docs',
      },
    ],
  });
export type NewsEvent = z.infer<typeof newsEventSchema>;

export interface GetNewsRequest {
  username: string;
  startToken?: string;
}

export const getNewsResultSchema = z
  .object({
    events: z.array(newsEventSchema),
    nextToken: z.string().meta({ description: '`""` when there is nothing older.' }),
  })
  .meta({ id: 'NewsPage', description: 'One page of news, newest first.' });
export type GetNewsResult = z.infer<typeof getNewsResultSchema>;

export interface NewsManager {
  getNews(request: GetNewsRequest): Promise<GetNewsResult>;
}
