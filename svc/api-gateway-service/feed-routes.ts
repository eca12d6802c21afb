import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { runWithUserProof } from '../../pkg/auth';
import { atomId, atomXml, type AtomEntry } from '../../pkg/atom-feed';
import { UnauthenticatedError, usernameSchema, type Link, type NewsEvent } from '../../pkg/object-model';
import type { Backends } from './endpoints';

/** Entries per feed: what feed readers poll for; older items they already have. */
export const FEED_ENTRIES = 50;
const NEWS_VERBS = { LINK_ADDED: 'added', LINK_UPDATED: 'updated', LINK_DELETED: 'deleted' } as const;

/** The feeds' paths, relative to the gateway (the ingress routes /feeds). */
export const feedPaths = (username: string) => ({
  links: `/feeds/${username}/links.atom`,
  news: `/feeds/${username}/news.atom`,
});

const paramsSchema = z.strictObject({ username: usernameSchema });
const newsQuerySchema = z.strictObject({ token: z.string().max(200).optional() });

function origin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

function linkEntry(username: string, link: Link): AtomEntry {
  return {
    id: atomId('link', username, link.url),
    title: link.title,
    link: link.url,
    updated: link.updatedAt,
    published: link.createdAt,
    summary: link.description || undefined,
    categories: link.tags,
  };
}

function newsEntry(event: NewsEvent): AtomEntry {
  return {
    id: atomId('news', event.eventType, event.username, event.url, event.timestamp),
    title: `${event.username} ${NEWS_VERBS[event.eventType]} ${event.title ?? event.url}`,
    link: event.url,
    updated: event.timestamp,
  };
}

/**
 * Atom feeds a feed reader polls without a session header: a user's links (public), and
 * their news, opened by the feed token (POST /v1/feed-token) in the query string.
 */
export function feedRoutes({ links, users, news }: Backends) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get(
      '/feeds/:username/links.atom',
      { schema: { hide: true, params: paramsSchema } },
      async (request, reply) => {
        const { username } = request.params as z.infer<typeof paramsSchema>;
        await users.getPublicUser(username); // 404 for nobody
        // Private links are their owner's alone: the link service leaves them out of this listing.
        const page = await links.getPublicLinks({ username, limit: FEED_ENTRIES });
        const entries = page.links.map((link) => linkEntry(username, link));
        const body = atomXml({
          id: atomId('links-feed', username),
          title: `${username}'s links on Delinkcious`,
          self: origin(request) + feedPaths(username).links,
          author: username,
          updated: newest(entries),
          entries,
        });
        return reply.type('application/atom+xml; charset=utf-8').send(body);
      },
    );

    app.get(
      '/feeds/:username/news.atom',
      { schema: { hide: true, params: paramsSchema, querystring: newsQuerySchema } },
      async (request, reply) => {
        const { username } = request.params as z.infer<typeof paramsSchema>;
        const { token } = request.query as z.infer<typeof newsQuerySchema>;
        if (!token)
          throw new UnauthenticatedError('?token=<feed token> is required (POST /v1/feed-token makes one)');
        // The user service's answer carries its proof of the user, which the news service asks for.
        const proof = users.checkFeedTokenWithProof
          ? (await users.checkFeedTokenWithProof({ username, token })).proof
          : await users.checkFeedToken({ username, token }).then(() => undefined);
        const page = await runWithUserProof(proof, () => news.getNews({ username }));
        const entries = page.events.slice(0, FEED_ENTRIES).map(newsEntry);
        const body = atomXml({
          id: atomId('news-feed', username),
          title: `News for ${username} on Delinkcious`,
          // The token stays out of the self link: a reader shows it, and readers share it.
          self: origin(request) + feedPaths(username).news,
          author: 'Delinkcious',
          updated: newest(entries),
          entries,
        });
        // Not cached by anything in between: the address carries a secret.
        return reply
          .type('application/atom+xml; charset=utf-8')
          .header('cache-control', 'private, no-store')
          .send(body);
      },
    );
  };
}

function newest(entries: AtomEntry[]): string {
  return (
    entries.reduce((latest, entry) => (entry.updated > latest ? entry.updated : latest), '') ||
    new Date().toISOString()
  );
}
