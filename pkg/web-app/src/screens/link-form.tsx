import { useState } from 'preact/hooks';
import type { NewLink } from '../../../public-api-client';
import { parseTags } from '../tags';

interface Props {
  /** Prefills the form (the save page passes the bookmarked page's url and title). */
  initial?: { url?: string; title?: string };
  submitLabel: string;
  /** Two columns (the links page); the save page's narrow window keeps one. */
  wide?: boolean;
  onSubmit(link: NewLink): Promise<boolean>;
}

/** The one control that keeps a link from followers, on the add form and the edit form alike. */
export function PrivateCheckbox(props: { id: string; checked: boolean; onChange(checked: boolean): void }) {
  return (
    <p class="field checkbox">
      <input
        id={props.id}
        type="checkbox"
        checked={props.checked}
        onChange={(event) => props.onChange(event.currentTarget.checked)}
      />
      <label for={props.id}>Private: only you see it, it never appears in your followers’ news</label>
    </p>
  );
}

/** Url, title, description, tags and privacy of a new link; it clears itself when the link was saved. */
export function LinkForm({ initial, submitLabel, wide, onSubmit }: Props) {
  const [url, setUrl] = useState(initial?.url ?? '');
  const [title, setTitle] = useState(initial?.title ?? '');
  const [description, setDescription] = useState('');
  const [tags, setTags] = useState('');
  const [isPrivate, setPrivate] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    const saved = await onSubmit({
      url: url.trim(),
      title: title.trim(),
      description: description.trim() || undefined,
      tags: parseTags(tags),
      private: isPrivate,
    });
    setBusy(false);
    if (saved) {
      setUrl('');
      setTitle('');
      setDescription('');
      setTags('');
      setPrivate(false);
    }
  };

  return (
    <form class={wide ? 'link-form wide' : 'link-form'} onSubmit={submit}>
      <p class="field">
        <label for="new-url">Url</label>
        <input
          id="new-url"
          type="url"
          required
          maxLength={2048}
          placeholder="https://…"
          value={url}
          onInput={(event) => setUrl(event.currentTarget.value)}
        />
      </p>
      <p class="field">
        <label for="new-title">Title</label>
        <input
          id="new-title"
          required
          maxLength={500}
          value={title}
          onInput={(event) => setTitle(event.currentTarget.value)}
        />
      </p>
      <p class="field">
        <label for="new-description">Description (optional)</label>
        <textarea
          id="new-description"
          rows={1}
          maxLength={10000}
          value={description}
          onInput={(event) => setDescription(event.currentTarget.value)}
        />
      </p>
      <p class="field">
        <label for="new-tags">Tags (separated by commas)</label>
        <input
          id="new-tags"
          value={tags}
          placeholder="kubernetes, go"
          onInput={(event) => setTags(event.currentTarget.value)}
        />
      </p>
      <PrivateCheckbox id="new-private" checked={isPrivate} onChange={setPrivate} />
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}
