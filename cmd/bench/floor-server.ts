/**
 * The floors of `npm run bench`, run as a process of their own like each service: bare
 * fastify routes that run the services' own store code (the same SQL, the same insert
 * transaction with its outbox row, the same Redis read) and nothing else: no
 * validation, middleware, logging, metrics or transport clients. What a service costs
 * above its floor is what its layers cost.
 *
 * Environment: PORT, DATABASE_URL, REDIS_URL, REDIS_KEY_PREFIX, MAX_LINKS_PER_USER.
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { PgDb } from '../../pkg/db';
import { PostgresLinkStore } from '../../pkg/link-manager';
import { RedisFeedStore } from '../../pkg/news-manager';
import type { Link, LinkEvent } from '../../pkg/object-model';

const env = process.env;
const PAGE = 10;
const NEWS_PAGE = 20;
const maxLinks = Number(env.MAX_LINKS_PER_USER ?? 1000);

const db = new PgDb({ connectionString: env.DATABASE_URL });
const links = new PostgresLinkStore(db);
const feeds = RedisFeedStore.connect(env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
  keyPrefix: env.REDIS_KEY_PREFIX ?? 'news:',
  maxLength: 1000,
});

const app = Fastify();
app.get('/healthz', async () => ({ status: 'ok' }));

app.get('/links', async (request) => {
  const { username } = request.query as { username: string };
  const rows = await links.list({ username, limit: PAGE + 1 });
  const page = rows.slice(0, PAGE).map(({ id: _id, ...link }) => link);
  return { links: page, nextPageToken: rows.length > PAGE ? rows[PAGE - 1].id : '' };
});

app.post('/links', async (request, reply) => {
  const { username, url, title } = request.body as { username: string; url: string; title: string };
  const at = new Date().toISOString();
  const link: Link = {
    url,
    title,
    description: '',
    tags: [],
    status: 'pending',
    private: false,
    createdAt: at,
    updatedAt: at,
  };
  const event: LinkEvent = { id: randomUUID(), type: 'LINK_ADDED', author: username, link, occurredAt: at };
  return reply.code(201).send({ link: await links.insert(username, link, event, maxLinks) });
});

app.get('/news', async (request) => {
  const { username } = request.query as { username: string };
  const entries = await feeds.read(username, undefined, NEWS_PAGE + 1);
  return { events: entries.slice(0, NEWS_PAGE).map((entry) => entry.event), nextToken: '' };
});

const stop = async () => {
  await app.close();
  await feeds.close();
  await db.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());

app.listen({ port: Number(env.PORT ?? 0), host: '127.0.0.1' }).catch((error: unknown) => {
  process.stderr.write(`bench floor: ${(error as Error).message}\n`);
  process.exit(1);
});
