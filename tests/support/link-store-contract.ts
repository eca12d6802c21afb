import {
  AlreadyExistsError,
  LimitExceededError,
  NotFoundError,
  type Link,
  type LinkEvent,
} from '../../pkg/object-model';
import type { LinkStore, ListLinksQuery, StoredLink } from '../../pkg/link-manager';
import { parseSearch } from '../../pkg/link-manager/link-search';

/**
 * The behaviour every LinkStore must have. Each implementation runs this same suite,
 * so the in-memory store used by unit tests cannot drift from Postgres.
 */
export function describeLinkStoreContract(
  name: string,
  open: () => Promise<{ store: LinkStore; close(): Promise<void> }>,
) {
  describe(`LinkStore contract: ${name}`, () => {
    let store: LinkStore;
    let close: () => Promise<void>;
    let counter = 0;

    beforeEach(async () => {
      ({ store, close } = await open());
    });
    afterEach(async () => {
      await close();
    });

    const at = '2026-01-02T03:04:05.000Z';
    function link(url: string, overrides: Partial<Link> = {}): Link {
      return {
        url,
        title: `title ${url}`,
        description: '',
        tags: [],
        status: 'pending',
        private: false,
        createdAt: at,
        updatedAt: at,
        ...overrides,
      };
    }
    function event(type: LinkEvent['type'], author: string, l: Link): LinkEvent {
      counter += 1;
      const id = `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
      return { id, type, author, link: l, occurredAt: l.updatedAt };
    }

    it('inserts and lists a user’s links newest first, with all fields', async () => {
      await store.insert(
        'alice',
        link('https://a.example/1', { tags: ['x', 'y'], description: 'd' }),
        event('LINK_ADDED', 'alice', link('https://a.example/1')),
        10,
      );
      await store.insert(
        'alice',
        link('https://a.example/2'),
        event('LINK_ADDED', 'alice', link('https://a.example/2')),
        10,
      );
      await store.insert(
        'bob',
        link('https://a.example/1'),
        event('LINK_ADDED', 'bob', link('https://a.example/1')),
        10,
      );

      const links = await store.list({ username: 'alice', limit: 10 });
      expect(links.map((l) => l.url)).toEqual(['https://a.example/2', 'https://a.example/1']);
      expect(links[1]).toMatchObject({
        title: 'title https://a.example/1',
        description: 'd',
        tags: ['x', 'y'],
        status: 'pending',
        private: false,
        createdAt: at,
        updatedAt: at,
      });
      expect(Number(links[0].id)).toBeGreaterThan(Number(links[1].id));
    });

    it('refuses a second link with the same url for one user, and writes no event for it', async () => {
      const l = link('https://a.example/dup');
      await store.insert('alice', l, event('LINK_ADDED', 'alice', l), 10);
      await expect(store.insert('alice', l, event('LINK_ADDED', 'alice', l), 10)).rejects.toStrictEqual(
        new AlreadyExistsError('link https://a.example/dup already exists'),
      );
      expect(await store.list({ username: 'alice', limit: 10 })).toHaveLength(1);
      expect(await store.pendingEvents(10)).toHaveLength(1);
    });

    it('enforces the per-user limit without writing the link or its event', async () => {
      for (let i = 0; i < 3; i++) {
        const l = link(`https://a.example/${i}`);
        await store.insert('alice', l, event('LINK_ADDED', 'alice', l), 3);
      }
      const extra = link('https://a.example/extra');
      await expect(
        store.insert('alice', extra, event('LINK_ADDED', 'alice', extra), 3),
      ).rejects.toStrictEqual(new LimitExceededError('a user has at most 3 links'));
      expect(await store.list({ username: 'alice', limit: 10 })).toHaveLength(3);
      expect(await store.pendingEvents(10)).toHaveLength(3);
      // Another user's count is their own.
      await store.insert('bob', extra, event('LINK_ADDED', 'bob', extra), 3);
    });

    it('filters by tag and pages with a keyset cursor', async () => {
      for (let i = 0; i < 5; i++) {
        const l = link(`https://a.example/${i}`, { tags: i % 2 === 0 ? ['even'] : ['odd'] });
        await store.insert('alice', l, event('LINK_ADDED', 'alice', l), 10);
      }
      const even = await store.list({ username: 'alice', tag: 'even', limit: 10 });
      expect(even.map((l) => l.url)).toEqual([
        'https://a.example/4',
        'https://a.example/2',
        'https://a.example/0',
      ]);
      const first = await store.list({ username: 'alice', limit: 2 });
      const second = await store.list({ username: 'alice', limit: 2, beforeId: first[1].id });
      expect(second.map((l) => l.url)).toEqual(['https://a.example/2', 'https://a.example/1']);
    });

    it('gives a rank with a search only', async () => {
      const l = link('https://a.example/ranked', { title: 'ranked' });
      await store.insert('alice', l, event('LINK_ADDED', 'alice', l), 10);
      const [listed] = await store.list({ username: 'alice', limit: 10 });
      expect(Object.keys(listed)).not.toContain('rank');
      const [found] = await store.list({ username: 'alice', limit: 10, search: parseSearch('ranked') });
      expect(found.rank).toBeGreaterThan(0);
    });

    it('keeps a link’s place in the list whatever a change function returns', async () => {
      for (const url of ['https://a.example/1', 'https://a.example/2']) {
        await store.insert('alice', link(url), event('LINK_ADDED', 'alice', link(url)), 10);
      }
      const before = await store.list({ username: 'alice', limit: 10 });
      await store.update('alice', 'https://a.example/1', (current) => ({
        link: { ...current, title: 'moved?', id: '999999' } as Link,
      }));
      const after = await store.list({ username: 'alice', limit: 10 });
      expect(after.map((l) => [l.url, l.id])).toEqual(before.map((l) => [l.url, l.id]));
      expect(after[1].title).toBe('moved?');
    });

    it('keeps the places of tagged links whatever a change function returns', async () => {
      for (const url of ['https://a.example/1', 'https://a.example/2']) {
        await store.insert('alice', link(url, { tags: ['t'] }), undefined, 10);
      }
      const before = await store.list({ username: 'alice', limit: 10 });
      await store.updateTagged('alice', 't', (current) => ({
        link: { ...current, title: 'moved?', id: '999999' } as Link,
      }));
      const after = await store.list({ username: 'alice', limit: 10 });
      expect(after.map((l) => [l.url, l.id, l.title])).toEqual(before.map((l) => [l.url, l.id, 'moved?']));
    });

    it('updates a link through a change function and records its event', async () => {
      const l = link('https://a.example/u', { tags: ['a'] });
      await store.insert('alice', l, event('LINK_ADDED', 'alice', l), 10);
      const updated = await store.update('alice', 'https://a.example/u', (current) => {
        const next = {
          ...current,
          title: 'new',
          tags: [...current.tags, 'b'],
          updatedAt: '2026-02-02T00:00:00.000Z',
        };
        return { link: next, event: event('LINK_UPDATED', 'alice', next) };
      });
      expect(updated).toMatchObject({
        title: 'new',
        tags: ['a', 'b'],
        createdAt: at,
        updatedAt: '2026-02-02T00:00:00.000Z',
      });
      const [listed] = await store.list({ username: 'alice', limit: 1 });
      expect(listed).toMatchObject({ title: 'new', tags: ['a', 'b'] });
      const events = await store.pendingEvents(10);
      expect(events.map((e) => e.event.type)).toEqual(['LINK_ADDED', 'LINK_UPDATED']);
      expect(events[1].event.link.title).toBe('new');
    });

    it('leaves the link and the outbox untouched when a change function throws', async () => {
      const l = link('https://a.example/u');
      await store.insert('alice', l, event('LINK_ADDED', 'alice', l), 10);
      await expect(
        store.update('alice', 'https://a.example/u', () => {
          throw new Error('invalid change');
        }),
      ).rejects.toThrow('invalid change');
      const [listed] = await store.list({ username: 'alice', limit: 1 });
      expect(listed.title).toBe('title https://a.example/u');
      expect(await store.pendingEvents(10)).toHaveLength(1);
    });

    it('reports NOT_FOUND for updating or deleting a missing link', async () => {
      await expect(
        store.update('alice', 'https://nope.example/', (c) => ({
          link: c,
          event: event('LINK_UPDATED', 'alice', c),
        })),
      ).rejects.toStrictEqual(new NotFoundError('link https://nope.example/ not found'));
      await expect(
        store.delete('alice', 'https://nope.example/', (d) => event('LINK_DELETED', 'alice', d)),
      ).rejects.toStrictEqual(new NotFoundError('link https://nope.example/ not found'));
      expect(await store.pendingEvents(10)).toHaveLength(0);
    });

    it('deletes a link and records the deleted link in the event', async () => {
      const l = link('https://a.example/d', { title: 'gone' });
      const kept = link('https://a.example/kept');
      await store.insert('alice', l, event('LINK_ADDED', 'alice', l), 10);
      await store.insert('alice', kept, undefined, 10);
      await store.delete('alice', 'https://a.example/d', (deleted) =>
        event('LINK_DELETED', 'alice', deleted),
      );
      expect((await store.list({ username: 'alice', limit: 10 })).map((l) => l.url)).toEqual([kept.url]);
      const events = await store.pendingEvents(10);
      expect(events[1].event).toMatchObject({
        type: 'LINK_DELETED',
        author: 'alice',
        link: { title: 'gone' },
      });
    });

    it('keeps whether a link is private, and records no event for a change that has none', async () => {
      const secret = link('https://a.example/secret', { private: true });
      await store.insert('alice', secret, undefined, 10);
      const [listed] = await store.list({ username: 'alice', limit: 1 });
      expect(listed).toMatchObject({ url: 'https://a.example/secret', private: true });
      const shared = await store.update('alice', secret.url, (current) => ({
        link: { ...current, private: false },
      }));
      expect(shared.private).toBe(false);
      expect((await store.list({ username: 'alice', limit: 1 }))[0].private).toBe(false);
      await store.delete('alice', secret.url, () => undefined);
      expect(await store.list({ username: 'alice', limit: 10 })).toEqual([]);
      expect(await store.pendingEvents(10)).toEqual([]);
      expect(await store.pendingEventCount()).toBe(0);
    });

    it('leaves private links out of a public listing, in a plain list and in a search', async () => {
      await store.insert('alice', link('https://a.example/shared-1', { title: 'kube one' }), undefined, 10);
      await store.insert(
        'alice',
        link('https://a.example/secret', { title: 'kube secret', private: true }),
        undefined,
        10,
      );
      await store.insert('alice', link('https://a.example/shared-2', { title: 'kube two' }), undefined, 10);
      const all = await store.list({ username: 'alice', limit: 10 });
      expect(all.map((l) => l.url)).toContain('https://a.example/secret');
      const shared = await store.list({ username: 'alice', limit: 10, publicOnly: true });
      expect(shared.map((l) => l.url)).toEqual(['https://a.example/shared-2', 'https://a.example/shared-1']);
      // Paging from the newest public link skips the private one between them.
      const next = await store.list({
        username: 'alice',
        limit: 1,
        publicOnly: true,
        beforeId: shared[0].id,
      });
      expect(next.map((l) => l.url)).toEqual(['https://a.example/shared-1']);
      const found = await store.list({
        username: 'alice',
        limit: 10,
        publicOnly: true,
        search: parseSearch('kube'),
      });
      expect(found.map((l) => l.url).sort()).toEqual([
        'https://a.example/shared-1',
        'https://a.example/shared-2',
      ]);
    });

    it('sets the checker’s status and reason without an event, and says when the link is gone', async () => {
      const l = link('https://a.example/s');
      await store.insert('alice', l, event('LINK_ADDED', 'alice', l), 10);
      expect((await store.list({ username: 'alice', limit: 1 }))[0]).not.toHaveProperty('checkReason');
      const verdict = {
        status: 'invalid',
        reason: 'HTTP 404',
        checkedAt: '2026-03-02T00:00:00.000Z',
      } as const;
      expect(await store.setStatus('alice', 'https://a.example/s', verdict, '2026-03-03T00:00:00.000Z')).toBe(
        true,
      );
      expect(await store.setStatus('alice', 'https://a.example/missing', verdict, at)).toBe(false);
      const [listed] = await store.list({ username: 'alice', limit: 1 });
      expect(listed).toMatchObject({
        status: 'invalid',
        checkReason: 'HTTP 404',
        checkedAt: '2026-03-02T00:00:00.000Z',
        updatedAt: '2026-03-03T00:00:00.000Z',
      });
      expect(await store.pendingEvents(10)).toHaveLength(1);
    });

    describe('search', () => {
      async function save(url: string, overrides: Partial<Link>, username = 'alice') {
        const l = link(url, overrides);
        await store.insert(username, l, event('LINK_ADDED', username, l), 100);
      }
      const searchFor = (q: string, extra: Partial<ListLinksQuery> = {}) =>
        store.list({ username: 'alice', limit: 50, search: parseSearch(q), ...extra });

      beforeEach(async () => {
        await save('https://kubernetes.io/docs', { title: 'Kubernetes docs', tags: ['k8s', 'docs'] });
        await save('https://a.example/cafe', {
          title: 'Un Café crème',
          description: 'Paris',
          tags: ['Food'],
        });
        await save('https://a.example/pods', { title: 'Pods', description: 'All about KUBERNETES pods' });
        await save('https://a.example/other', { title: 'Nothing', tags: ['misc'] });
        await save('https://kubernetes.io/docs', { title: 'Kubernetes docs' }, 'bob');
      });

      it('matches word prefixes in title, description, url and tags, ignoring case and accents', async () => {
        expect(new Set(urls(await searchFor('kube')))).toEqual(
          new Set(['https://kubernetes.io/docs', 'https://a.example/pods']),
        );
        expect(urls(await searchFor('CAFE Creme'))).toEqual(['https://a.example/cafe']);
        expect(urls(await searchFor('paris'))).toEqual(['https://a.example/cafe']);
        expect(urls(await searchFor('k8s'))).toEqual(['https://kubernetes.io/docs']);
        expect(urls(await searchFor('food'))).toEqual(['https://a.example/cafe']);
        expect(urls(await searchFor('example other'))).toEqual(['https://a.example/other']);
        expect(await searchFor('nowhere')).toEqual([]);
      });

      it('ranks a title match before a description match', async () => {
        expect(urls(await searchFor('kubernetes'))).toEqual([
          'https://kubernetes.io/docs',
          'https://a.example/pods',
        ]);
      });

      it('keeps tag: exact and drops -words', async () => {
        expect(urls(await searchFor('tag:docs'))).toEqual(['https://kubernetes.io/docs']);
        expect(await searchFor('tag:food')).toEqual([]);
        expect(urls(await searchFor('kube -pods'))).toEqual(['https://kubernetes.io/docs']);
        expect(urls(await searchFor('-kubernetes -cafe'))).toEqual(['https://a.example/other']);
        expect(urls(await searchFor('kube', { tag: 'k8s' }))).toEqual(['https://kubernetes.io/docs']);
      });

      it('pages by rank then id, without gaps or repeats', async () => {
        for (let i = 0; i < 5; i++) await save(`https://a.example/more-${i}`, { title: `example ${i}` });
        const all = await searchFor('example');
        const seen: StoredLink[] = [];
        let cursor: StoredLink | undefined;
        do {
          const page = await searchFor('example', {
            limit: 3,
            beforeId: cursor?.id,
            beforeRank: cursor?.rank,
          });
          seen.push(...page);
          cursor = page.length === 3 ? page[2] : undefined;
        } while (cursor);
        expect(urls(seen)).toEqual(urls(all));
        expect(all).toHaveLength(8);
        expect(all.slice(0, 5).every((l) => l.title.startsWith('example'))).toBe(true);
      });

      it('finds a link by its new words after an update', async () => {
        await store.update('alice', 'https://a.example/other', (current) => {
          const changed = { ...current, title: 'Über Zürich' };
          return { link: changed, event: event('LINK_UPDATED', 'alice', changed) };
        });
        expect(urls(await searchFor('uber zurich'))).toEqual(['https://a.example/other']);
        expect(await searchFor('nothing')).toEqual([]);
      });
    });

    describe('tags', () => {
      async function save(url: string, tags: string[], username = 'alice') {
        const l = link(url, { tags });
        await store.insert(username, l, event('LINK_ADDED', username, l), 100);
      }

      it('counts the user’s tags, most used first, then by name', async () => {
        await save('https://a.example/1', ['b', 'a']);
        await save('https://a.example/2', ['b', 'c']);
        await save('https://a.example/3', ['b', 'a']);
        await save('https://a.example/1', ['z', 'z2'], 'bob');
        expect(await store.tagCounts('alice')).toEqual([
          { tag: 'b', count: 3 },
          { tag: 'a', count: 2 },
          { tag: 'c', count: 1 },
        ]);
        expect(await store.tagCounts('nobody')).toEqual([]);
      });

      it('counts tags used as often by name', async () => {
        await save('https://a.example/1', ['b', 'd', 'c']);
        await save('https://a.example/2', ['d', 'a']);
        expect((await store.tagCounts('alice')).map(({ tag }) => tag)).toEqual(['d', 'a', 'b', 'c']);
      });

      it('changes every tagged link, each with its event, and nothing else', async () => {
        await save('https://a.example/1', ['old', 'x']);
        await save('https://a.example/2', ['x']);
        await save('https://a.example/3', ['old']);
        await save('https://a.example/1', ['old'], 'bob');
        const before = await store.pendingEventCount();
        const renamed = await store.updateTagged('alice', 'old', (current) => {
          const changed = { ...current, tags: current.tags.map((t) => (t === 'old' ? 'new' : t)) };
          return { link: changed, event: event('LINK_UPDATED', 'alice', changed) };
        });
        expect(renamed).toBe(2);
        expect(await store.pendingEventCount()).toBe(before + 2);
        const links = await store.list({ username: 'alice', limit: 10 });
        expect(links.map((l) => l.tags)).toEqual([['new'], ['x'], ['new', 'x']]);
        expect((await store.list({ username: 'bob', limit: 10 }))[0].tags).toEqual(['old']);
        expect(urls(await store.list({ username: 'alice', limit: 10, search: parseSearch('new') }))).toEqual([
          'https://a.example/3',
          'https://a.example/1',
        ]);
        expect(
          await store.updateTagged('alice', 'missing', () => {
            throw new Error('not called');
          }),
        ).toBe(0);
      });

      it('changes nothing when one change fails', async () => {
        await save('https://a.example/1', ['old']);
        await save('https://a.example/2', ['old']);
        const before = await store.pendingEventCount();
        let calls = 0;
        await expect(
          store.updateTagged('alice', 'old', (current) => {
            calls += 1;
            if (calls === 2) throw new Error('refused');
            const changed = { ...current, tags: ['new'] };
            return { link: changed, event: event('LINK_UPDATED', 'alice', changed) };
          }),
        ).rejects.toThrow('refused');
        expect((await store.list({ username: 'alice', limit: 10 })).map((l) => l.tags)).toEqual([
          ['old'],
          ['old'],
        ]);
        expect(await store.pendingEventCount()).toBe(before);
      });
    });
    function urls(links: Array<{ url: string }>) {
      return links.map((l) => l.url);
    }

    it('hands out pending events in order until they are marked sent', async () => {
      for (let i = 0; i < 4; i++) {
        const l = link(`https://a.example/${i}`);
        await store.insert('alice', l, event('LINK_ADDED', 'alice', l), 10);
      }
      const firstTwo = await store.pendingEvents(2);
      expect(firstTwo.map((e) => e.event.link.url)).toEqual(['https://a.example/0', 'https://a.example/1']);
      await store.markEventsSent(firstTwo.map((e) => e.position));
      expect(await store.pendingEventCount()).toBe(2);
      const rest = await store.pendingEvents(10);
      expect(rest.map((e) => e.event.link.url)).toEqual(['https://a.example/2', 'https://a.example/3']);
      expect(rest[0].event).toEqual(expect.objectContaining({ type: 'LINK_ADDED', author: 'alice' }));
    });

    it('numbers pending events by growing position', async () => {
      for (let i = 0; i < 3; i++) {
        const l = link(`https://a.example/${i}`);
        await store.insert('alice', l, event('LINK_ADDED', 'alice', l), 10);
      }
      const positions = (await store.pendingEvents(10)).map((e) => Number(e.position));
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect(new Set(positions).size).toBe(3);
    });

    it('imports a plan in one go: adds, updates and events with their subjects', async () => {
      const kept = link('https://a.example/kept', { tags: ['old'] });
      await store.insert('alice', kept, event('LINK_ADDED', 'alice', kept), 10);
      const first = link('https://a.example/first');
      const second = link('https://a.example/second');
      const changed = {
        ...kept,
        title: 'new title',
        tags: ['old', 'new'],
        updatedAt: '2026-05-05T00:00:00.000Z',
      };
      let seen: string[] = [];
      const planned = await store.importLinks('alice', (existing) => {
        seen = existing.map((l) => l.url);
        return {
          add: [first, second],
          update: [changed],
          events: [
            { subject: 'links.imported', event: event('LINK_ADDED', 'alice', first) },
            { subject: 'links.added', event: event('LINK_ADDED', 'alice', second) },
          ],
        };
      });
      expect(seen).toEqual([kept.url]);
      expect(planned.add).toHaveLength(2);
      const listed = await store.list({ username: 'alice', limit: 10 });
      expect(listed.map((l) => [l.url, l.title, l.tags])).toEqual([
        [second.url, second.title, []],
        [first.url, first.title, []],
        [kept.url, 'new title', ['old', 'new']],
      ]);
      const events = await store.pendingEvents(10);
      expect(events.map((e) => [e.subject, e.event.link.url])).toEqual([
        ['links.added', kept.url],
        ['links.imported', first.url],
        ['links.added', second.url],
      ]);
    });

    it('keeps whether each link of an import is private, added or updated', async () => {
      const shared = link('https://a.example/shared');
      await store.insert('alice', shared, event('LINK_ADDED', 'alice', shared), 10);
      const secret = link('https://a.example/secret', { private: true });
      await store.importLinks('alice', () => ({
        add: [secret, link('https://a.example/open')],
        update: [{ ...shared, private: true }],
        events: [],
      }));
      const listed = await store.list({ username: 'alice', limit: 10 });
      expect(listed.map((l) => [l.url, l.private])).toEqual([
        ['https://a.example/open', false],
        ['https://a.example/secret', true],
        ['https://a.example/shared', true],
      ]);
    });

    it('writes nothing of an import whose plan throws', async () => {
      await expect(
        store.importLinks('alice', () => {
          throw new LimitExceededError('too many');
        }),
      ).rejects.toThrow(LimitExceededError);
      expect(await store.list({ username: 'alice', limit: 10 })).toEqual([]);
      expect(await store.pendingEventCount()).toBe(0);
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
