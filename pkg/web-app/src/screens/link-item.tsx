import { useState } from 'preact/hooks';
import type { Link } from '../../../public-api-client';
import { useApp } from '../app-context';
import { AppLink } from '../router';
import { formatTags, parseTags, tagChanges } from '../tags';
import { PrivateCheckbox } from './link-form';

interface Props {
  link: Link;
  onChanged(link: Link): void;
  onDeleted(url: string): void;
  onError(message: string): void;
}

/** One saved link: read it, edit its title, description and tags, or delete it (asked twice). */
export function LinkItem({ link, onChanged, onDeleted, onError }: Props) {
  const { api, failed } = useApp();
  const [editing, setEditing] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const id = `link-${encodeURIComponent(link.url).replace(/[^A-Za-z0-9]/g, '')}`;

  const remove = async () => {
    try {
      await api.deleteLink(link.url);
      onDeleted(link.url);
    } catch (error) {
      onError(failed(error));
    }
  };

  if (editing) {
    return (
      <li class="link">
        <EditLink
          id={id}
          link={link}
          onCancel={() => setEditing(false)}
          onSave={async (title, description, tags, isPrivate) => {
            try {
              onChanged(
                await api.updateLink({
                  url: link.url,
                  title,
                  description,
                  ...tagChanges(link.tags, tags),
                  private: isPrivate,
                }),
              );
              setEditing(false);
            } catch (error) {
              onError(failed(error));
            }
          }}
        />
      </li>
    );
  }
  return (
    <li class="link">
      <article aria-labelledby={`${id}-title`}>
        <h3 id={`${id}-title`}>
          <a href={link.url} rel="noopener noreferrer" target="_blank">
            {link.title}
          </a>
        </h3>
        <p class="url">{link.url}</p>
        {link.description && <p class="description">{link.description}</p>}
        <p class="meta">
          {link.private && (
            <span class="private" title="Only you see this link">
              private
            </span>
          )}
          <span class={`status ${link.status}`}>{link.status}</span>
          {link.checkReason && (
            <span class="check-reason">
              {link.checkReason}
              {link.checkedAt && (
                <>
                  {' '}
                  (checked <time dateTime={link.checkedAt}>{new Date(link.checkedAt).toLocaleString()}</time>)
                </>
              )}
            </span>
          )}
          <time dateTime={link.createdAt}>{new Date(link.createdAt).toLocaleString()}</time>
          {link.tags.length > 0 && (
            <span class="tags">
              {link.tags.map((tag) => (
                <AppLink key={tag} href={`/?tag=${encodeURIComponent(tag)}`} class="tag">
                  {tag}
                </AppLink>
              ))}
            </span>
          )}
        </p>
        <p class="actions">
          <button
            type="button"
            class="secondary"
            onClick={() => setEditing(true)}
            aria-describedby={`${id}-title`}
          >
            Edit
          </button>
          {confirmingDelete ? (
            <>
              <button type="button" class="danger" onClick={remove} aria-describedby={`${id}-title`}>
                Delete for good
              </button>
              <button type="button" class="secondary" onClick={() => setConfirmingDelete(false)}>
                Keep it
              </button>
            </>
          ) : (
            <button
              type="button"
              class="secondary"
              onClick={() => setConfirmingDelete(true)}
              aria-describedby={`${id}-title`}
            >
              Delete
            </button>
          )}
        </p>
      </article>
    </li>
  );
}

function EditLink(props: {
  id: string;
  link: Link;
  onCancel(): void;
  onSave(title: string, description: string, tags: string[], isPrivate: boolean): Promise<void>;
}) {
  const [title, setTitle] = useState(props.link.title);
  const [description, setDescription] = useState(props.link.description);
  const [tags, setTags] = useState(formatTags(props.link.tags));
  const [isPrivate, setPrivate] = useState(props.link.private);
  return (
    <form
      class="link-form"
      aria-label={`Edit ${props.link.title}`}
      onSubmit={(event) => {
        event.preventDefault();
        void props.onSave(title.trim(), description.trim(), parseTags(tags), isPrivate);
      }}
    >
      <p class="url">{props.link.url}</p>
      <label for={`${props.id}-edit-title`}>Title</label>
      <input
        id={`${props.id}-edit-title`}
        required
        maxLength={500}
        value={title}
        onInput={(event) => setTitle(event.currentTarget.value)}
      />
      <label for={`${props.id}-edit-description`}>Description</label>
      <textarea
        id={`${props.id}-edit-description`}
        rows={2}
        maxLength={10000}
        value={description}
        onInput={(event) => setDescription(event.currentTarget.value)}
      />
      <label for={`${props.id}-edit-tags`}>Tags (separated by commas)</label>
      <input
        id={`${props.id}-edit-tags`}
        value={tags}
        onInput={(event) => setTags(event.currentTarget.value)}
      />
      <PrivateCheckbox id={`${props.id}-edit-private`} checked={isPrivate} onChange={setPrivate} />
      <p class="actions">
        <button type="submit">Save changes</button>
        <button type="button" class="secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </p>
    </form>
  );
}
