import { useState } from 'preact/hooks';
import type { NewLink } from '../../../public-api-client';
import { useApp } from '../app-context';
import { Notice } from '../messages';
import { AppLink } from '../router';
import { LinkForm } from './link-form';

/** What the bookmarklet opens: /save?url=&title= of the page it was clicked on. */
export function SavePage({ query }: { query: URLSearchParams }) {
  const { api, failed } = useApp();
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();

  const save = async (link: NewLink) => {
    try {
      const added = await api.addLink(link);
      setSaved(added.title);
      setError(undefined);
      return true;
    } catch (failure) {
      setError(failed(failure));
      return false;
    }
  };

  return (
    <>
      <h1>Save a page</h1>
      <Notice error={error} info={saved && `Saved “${saved}”.`} />
      {saved ? (
        <p class="actions">
          <button type="button" onClick={() => window.close()}>
            Close this window
          </button>
          <AppLink href="/">See your links</AppLink>
        </p>
      ) : (
        <section class="card" aria-label="The page to save">
          <LinkForm
            initial={{ url: query.get('url') ?? '', title: query.get('title') ?? '' }}
            submitLabel="Save"
            onSubmit={save}
          />
        </section>
      )}
    </>
  );
}
