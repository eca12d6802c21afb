import { useEffect, useState } from 'preact/hooks';
import type { TagCount } from '../../../public-api-client';
import { useApp } from '../app-context';
import { Notice } from '../messages';
import { AppLink } from '../router';

/** The user's tags with their link counts, most used first; rename one on every link. */
export function TagsPage() {
  const { api, failed } = useApp();
  const [tags, setTags] = useState<TagCount[]>();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState<string>();
  const [info, setInfo] = useState<string>();

  const reload = async () => {
    try {
      setTags(await api.tags());
    } catch (failure) {
      setError(failed(failure));
    }
  };
  useEffect(() => void reload(), [api]);

  const rename = async () => {
    const [oldName, newName] = [from.trim(), to.trim()];
    try {
      const renamed = await api.renameTag(oldName, newName);
      setFrom('');
      setTo('');
      await reload();
      setInfo(`Renamed ${oldName} to ${newName} on ${renamed} ${renamed === 1 ? 'link' : 'links'}.`);
      setError(undefined);
    } catch (failure) {
      setError(failed(failure));
    }
  };

  return (
    <>
      <h1>Your tags</h1>
      <Notice error={error} info={info} />
      <section aria-labelledby="rename-title" class="card">
        <h2 id="rename-title">Rename a tag</h2>
        <form
          class="inline"
          onSubmit={(event) => {
            event.preventDefault();
            void rename();
          }}
        >
          <label for="rename-from">Tag</label>
          <input
            id="rename-from"
            required
            maxLength={64}
            list="your-tags"
            value={from}
            onInput={(event) => setFrom(event.currentTarget.value)}
          />
          <label for="rename-to">New name</label>
          <input
            id="rename-to"
            required
            maxLength={64}
            aria-describedby="rename-hint"
            value={to}
            onInput={(event) => setTo(event.currentTarget.value)}
          />
          <button type="submit">Rename</button>
          <datalist id="your-tags">
            {tags?.map(({ tag }) => (
              <option key={tag} value={tag} />
            ))}
          </datalist>
        </form>
        <p id="rename-hint" class="hint">
          Renaming to a tag you already use merges the two.
        </p>
      </section>
      <section aria-labelledby="tags-title">
        <h2 id="tags-title">Tags, most used first</h2>
        {tags === undefined ? (
          <p>Loading…</p>
        ) : tags.length === 0 ? (
          <p>No tags yet: add some to your links.</p>
        ) : (
          <ul class="tag-counts" aria-label="Your tags">
            {tags.map(({ tag, count }) => (
              <li key={tag}>
                <AppLink href={`/?tag=${encodeURIComponent(tag)}`} class="tag">
                  {tag}
                </AppLink>{' '}
                <span class="count">
                  {count} {count === 1 ? 'link' : 'links'}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
