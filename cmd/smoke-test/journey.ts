import { randomBytes } from 'node:crypto';
import type { PublicApi } from '../../pkg/api-gateway-client';
import type { GatewayClient, Reply } from './gateway-client';
import type { SmokeOptions } from './options';
import { describeReply, expectReply, Mismatch, type Reporter } from './reporter';

const NEWS_WAIT_MS = 20_000;

interface Link {
  url: string;
  tags: string[];
}
interface NewsEvent {
  eventType: string;
  username: string;
  url: string;
}

/** Something the journey made, and how to take it back if the journey stops half way. */
interface Undo {
  what: string;
  run: () => Promise<Reply>;
}

/**
 * The journey a deployment must pass, through the public API only: health, who am I, a
 * link added, found, updated, deleted; following and news, and (with the development login)
 * a follower who sees the new link in their news. Whatever it creates it removes again.
 */
export async function runJourney(
  anon: GatewayClient,
  options: SmokeOptions,
  report: Reporter,
): Promise<void> {
  const undo: Undo[] = [];
  const done = (what: string) => {
    const index = undo.findIndex((entry) => entry.what === what);
    if (index >= 0) undo.splice(index, 1);
  };
  try {
    await journey(anon, options, report, undo, done);
  } finally {
    await cleanUp(undo, report);
  }
}

async function journey(
  anon: GatewayClient,
  options: SmokeOptions,
  report: Reporter,
  undo: Undo[],
  done: (what: string) => void,
): Promise<void> {
  const id = `${Date.now()}-${randomBytes(3).toString('hex')}`;
  const url = `https://example.com/delinkcious-smoke/${id}`;
  const title = `Delinkcious smoke test ${id}`;
  const tag = `smoke-${id}`;

  await report.step('health', 'GET /healthz', '200 {"status":"ok"}', async () =>
    expectReply(await anon.get('/healthz'), 200, (body) => field(body, 'status') === 'ok'),
  );

  const devLogin = async (username: string) => {
    const session = await report.step(
      `log in as ${username}`,
      'POST /v1/dev/login',
      '200 {session, username, email}',
      async () => {
        const reply = await anon.reply((api) =>
          api.POST('/v1/dev/login', { body: { username, email: `${username}@example.com` } }),
        );
        expectReply(reply, 200, (body) => typeof field(body, 'session') === 'string');
        return field(reply.json, 'session') as string;
      },
    );
    const client = anon.as(session);
    undo.push({ what: `log out ${username}`, run: () => client.reply((api) => api.POST('/logout')) });
    return client;
  };
  const user = options.devLogin ? await devLogin(options.devLogin) : anon.as(options.session!);
  const followerName = options.devLogin && `${options.devLogin}-follower`;
  const follower = followerName ? await devLogin(followerName) : undefined;

  const username = await report.step('who am I', 'GET /v1/me', '200 {username, email}', async () => {
    const reply = await user.reply((api) => api.GET('/v1/me'));
    expectReply(
      reply,
      200,
      (body) =>
        typeof field(body, 'username') === 'string' &&
        (!options.devLogin || field(body, 'username') === options.devLogin),
    );
    return field(reply.json, 'username') as string;
  });

  const unfollow = `unfollow ${username} as ${followerName}`;
  if (follower) {
    await report.step(`${followerName} follows ${username}`, 'POST /v1/following', '204', async () => {
      const reply = await follower.reply((api) =>
        api.POST('/v1/following', { body: { followed: username } }),
      );
      if (reply.status === 204) {
        undo.push({
          what: unfollow,
          run: () => follower.reply(unfollowCall(username)),
        });
      }
      expectReply(reply, 204);
    });
  }

  const deleteLink = `delete ${url}`;
  await report.step('add a link', 'POST /v1/links', `201 {link: {url: "${url}"}}`, async () => {
    const reply = await user.reply((api) =>
      api.POST('/v1/links', { body: { url, title, tags: ['smoke', tag] } }),
    );
    if (reply.status === 201) {
      undo.push({
        what: deleteLink,
        run: () => user.reply(deleteCall(url)),
      });
    }
    expectReply(reply, 201, (body) => field(field(body, 'link'), 'url') === url);
  });

  const byTag = `/v1/links?tag=${encodeURIComponent(tag)}`;
  await report.step(
    'find it by tag and title',
    `GET ${byTag}&title=…`,
    `200 with exactly the link ${url}`,
    async () => {
      const reply = await user.reply((api) =>
        api.GET('/v1/links', { params: { query: { tag, title: `^${title}$` } } }),
      );
      expectReply(reply, 200, (body) => sameList(linkUrls(body), [url]));
    },
  );

  await report.step('update its tags', 'PUT /v1/links', `200 with tags ["${tag}","updated"]`, async () => {
    const reply = await user.reply((api) =>
      api.PUT('/v1/links', { body: { url, addTags: ['updated'], removeTags: ['smoke'] } }),
    );
    expectReply(reply, 200, (body) =>
      sameSet((field(field(body, 'link'), 'tags') as string[]) ?? [], [tag, 'updated']),
    );
  });

  await report.step('list following', 'GET /v1/following', '200 {following: [...]}', async () =>
    expectReply(await user.reply((api) => api.GET('/v1/following')), 200, (body) =>
      Array.isArray(field(body, 'following')),
    ),
  );
  await report.step('read news', 'GET /v1/news', '200 {events: [...]}', async () =>
    expectReply(await user.reply((api) => api.GET('/v1/news')), 200, (body) =>
      Array.isArray(field(body, 'events')),
    ),
  );

  if (follower) {
    report.note(`waiting up to ${NEWS_WAIT_MS / 1000} s for the news to reach ${followerName}`);
    await report.step(
      `${followerName} sees LINK_ADDED in the news`,
      'GET /v1/news',
      `200 with a LINK_ADDED event of ${username} for ${url}`,
      () =>
        waitForNews(
          follower,
          (event) => event.eventType === 'LINK_ADDED' && event.url === url && event.username === username,
        ),
    );
  }

  await report.step('delete it', `DELETE /v1/links?url=…`, '204', async () => {
    expectReply(await user.reply(deleteCall(url)), 204);
    done(deleteLink);
  });
  await report.step('it is gone', `GET ${byTag}`, '200 with no links', async () =>
    expectReply(
      await user.reply((api) => api.GET('/v1/links', { params: { query: { tag } } })),
      200,
      (body) => sameList(linkUrls(body), []),
    ),
  );

  if (follower) {
    await report.step(
      `${followerName} unfollows ${username}`,
      'DELETE /v1/following?followed=…',
      '204',
      async () => {
        expectReply(await follower.reply(unfollowCall(username)), 204);
        done(unfollow);
      },
    );
  } else {
    report.note('the follower and news delivery steps need --dev-login: not run');
  }
}

async function waitForNews(client: GatewayClient, wanted: (event: NewsEvent) => boolean): Promise<void> {
  const deadline = Date.now() + NEWS_WAIT_MS;
  for (;;) {
    const reply = await client.reply((api) => api.GET('/v1/news'));
    expectReply(reply, 200, (body) => Array.isArray(field(body, 'events')));
    if ((field(reply.json, 'events') as NewsEvent[]).some(wanted)) return;
    if (Date.now() > deadline) throw new Mismatch(`${describeReply(reply)} (after ${NEWS_WAIT_MS / 1000} s)`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Best effort, newest first; a failure here is reported, never thrown. */
async function cleanUp(undo: Undo[], report: Reporter): Promise<void> {
  for (const { what, run } of undo.reverse()) {
    try {
      const reply = await run();
      report.note(`cleanup: ${what}: ${reply.status < 300 ? 'done' : `failed (${describeReply(reply)})`}`);
    } catch (error) {
      report.note(`cleanup: ${what}: failed (${(error as Error).message})`);
    }
  }
}

const deleteCall = (url: string) => (api: PublicApi) =>
  api.DELETE('/v1/links', { params: { query: { url } } });
const unfollowCall = (followed: string) => (api: PublicApi) =>
  api.DELETE('/v1/following', { params: { query: { followed } } });

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function linkUrls(body: unknown): string[] | undefined {
  const links = field(body, 'links');
  return Array.isArray(links) ? (links as Link[]).map((link) => link.url) : undefined;
}

const sameList = (actual: string[] | undefined, expected: string[]) =>
  actual !== undefined && JSON.stringify(actual) === JSON.stringify(expected);
const sameSet = (actual: string[], expected: string[]) => sameList([...actual].sort(), [...expected].sort());
