import { useEffect, useState } from 'preact/hooks';
import type { Link, LinksPage as LinksPageData, NewLink } from '../../../public-api-client';
import { useApp } from '../app-context';
import { Notice } from '../messages';
import { Bookmarklet } from './bookmarklet';
import { ImportExport } from './import-export';
import { filtersOf, LinkFilterBar } from './link-filter-bar';
import { LinkForm } from './link-form';
import { LinkItem } from './link-item';

const PAGE_SIZE = 20;

/** The signed-in user's links: add, filter, page through, edit and delete them. */
export function LinksPage({ query }: { query: URLSearchParams }) {
  const { api, failed } = useApp();
  const filters = filtersOf(query);
  const filterKey = JSON.stringify(filters);
  // Page tokens walked so far ('' is the first page), so "Previous" can go back.
  const [starts, setStarts] = useState<string[]>(['']);
  const [page, setPage] = useState<LinksPageData>();
  const [error, setError] = useState<string>();
  const [info, setInfo] = useState<string>();
  const [reloads, setReloads] = useState(0);
  const start = starts[starts.length - 1];

  useEffect(() => setStarts(['']), [filterKey]);
  useEffect(() => {
    let current = true;
    api.listLinks({ ...filters, start: start || undefined, limit: PAGE_SIZE }).then(
      (result) => current && (setPage(result), setError(undefined)),
      (failure: unknown) => current && setError(failed(failure)),
    );
    return () => {
      current = false;
    };
  }, [api, filterKey, start, reloads]);

  const add = async (link: NewLink) => {
    try {
      const added = await api.addLink(link);
      setInfo(`Saved “${added.title}”.`);
      setError(undefined);
      setStarts(['']);
      setReloads((n) => n + 1);
      return true;
    } catch (failure) {
      setError(failed(failure));
      return false;
    }
  };
  const replace = (changed: Link) => {
    setInfo(`Updated “${changed.title}”.`);
    setPage(
      (old) => old && { ...old, links: old.links.map((link) => (link.url === changed.url ? changed : link)) },
    );
  };
  const removed = (url: string) => {
    setInfo(`Deleted ${url}.`);
    setReloads((n) => n + 1);
  };

  return (
    <>
      <h1>Your links</h1>
      <Notice error={error} info={info} />
      <section aria-labelledby="add-title" class="card">
        <h2 id="add-title">Add a link</h2>
        <LinkForm submitLabel="Add link" wide onSubmit={add} />
      </section>
      <section aria-labelledby="list-title">
        <h2 id="list-title">Saved links</h2>
        <LinkFilterBar values={filters} />
        {page === undefined ? (
          <p>Loading…</p>
        ) : page.links.length === 0 ? (
          <p>
            {filterKey === '{}' ? 'No links yet: add your first one above.' : 'No link matches this search.'}
          </p>
        ) : (
          <ul class="links" aria-label="Links">
            {page.links.map((link) => (
              <LinkItem
                key={link.url}
                link={link}
                onChanged={replace}
                onDeleted={removed}
                onError={setError}
              />
            ))}
          </ul>
        )}
        {(starts.length > 1 || page?.nextPageToken) && (
          <nav class="pager" aria-label="Pages of links">
            <button
              type="button"
              class="secondary"
              disabled={starts.length === 1}
              onClick={() => setStarts(starts.slice(0, -1))}
            >
              Previous page
            </button>
            <span>Page {starts.length}</span>
            <button
              type="button"
              class="secondary"
              disabled={!page?.nextPageToken}
              onClick={() => page && setStarts([...starts, page.nextPageToken])}
            >
              Next page
            </button>
          </nav>
        )}
      </section>
      <ImportExport onImported={() => setReloads((n) => n + 1)} />
      <Bookmarklet />
    </>
  );
}
