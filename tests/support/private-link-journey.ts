import { createPublicApiClient } from '../../pkg/api-gateway-client';
import type { PublicApi } from './user-journey';

/**
 * What a follower sees of someone's private links, through the public API only: nothing.
 * The owner keeps a private link, shares another, hides it, shares it again; the follower's
 * news holds exactly the public changes, and never a private url or title.
 */
export async function runPrivateLinkJourney(
  anon: PublicApi,
  sessions: { owner: string; follower: string },
  siteUrl: string,
): Promise<void> {
  const owner = createPublicApiClient(anon.base, { session: sessions.owner });
  const follower = createPublicApiClient(anon.base, { session: sessions.follower });
  const { username } = (await owner.GET('/v1/me')).data!;
  expect((await follower.POST('/v1/following', { body: { followed: username } })).response.status).toBe(204);

  const diary = `${siteUrl}/diary`;
  const recipe = `${siteUrl}/recipe`;
  const added = await owner.POST('/v1/links', { body: { url: diary, title: 'My diary', private: true } });
  expect(added.response.status).toBe(201);
  expect(added.data!.link.private).toBe(true);
  await owner.PUT('/v1/links', { body: { url: diary, title: 'My secret diary', addTags: ['me'] } });
  expect((await owner.POST('/v1/links', { body: { url: recipe, title: 'Soup' } })).data!.link.private).toBe(
    false,
  );
  await owner.PUT('/v1/links', { body: { url: recipe, title: 'Surprise party', private: true } });
  await owner.PUT('/v1/links', { body: { url: recipe, title: 'Soup again', private: false } });
  const mine = (await owner.GET('/v1/links')).data!.links;
  expect(mine.map((l) => [l.url, l.private])).toEqual([
    [recipe, false],
    [diary, true],
  ]);
  // Published last: once the follower has it, everything before it has been fanned out.
  await owner.POST('/v1/links', { body: { url: `${siteUrl}/last`, title: 'Last' } });

  const news = await anon.waitFor(
    async () => (await follower.GET('/v1/news')).data!.events,
    (events) => events.some((e) => e.url === `${siteUrl}/last`),
  );
  expect(news.map((e) => [e.eventType, e.url, e.title])).toEqual([
    ['LINK_ADDED', `${siteUrl}/last`, 'Last'],
    ['LINK_ADDED', recipe, 'Soup again'],
    ['LINK_DELETED', recipe, 'Soup'],
    ['LINK_ADDED', recipe, 'Soup'],
  ]);
  const seen = JSON.stringify(news);
  for (const hidden of [diary, 'My diary', 'My secret diary', 'Surprise party']) {
    expect(seen).not.toContain(hidden);
  }
  expect((await owner.DELETE('/v1/links', { params: { query: { url: diary } } })).response.status).toBe(204);
}
