import { useEffect, useState } from 'preact/hooks';
import { navigate } from '../router';

/**
 * The filters of GET /v1/links that a person sets, kept in the page's address so Back,
 * reload and bookmarks keep them. A new filter of the API is one more field.
 */
export const LINK_FILTERS = [
  { name: 'q', label: 'Search', hint: 'kube -draft tag:docs' },
  { name: 'tag', label: 'Tag', hint: 'k8s' },
  { name: 'title', label: 'Title', hint: 'pattern' },
  { name: 'url', label: 'Url', hint: 'pattern' },
  { name: 'description', label: 'Description', hint: 'pattern' },
] as const;

export type LinkFilterName = (typeof LINK_FILTERS)[number]['name'];
export type LinkFilterValues = Partial<Record<LinkFilterName, string>>;

export function filtersOf(query: URLSearchParams): LinkFilterValues {
  const values: LinkFilterValues = {};
  for (const { name } of LINK_FILTERS) {
    const value = query.get(name);
    if (value) values[name] = value;
  }
  return values;
}

function addressOf(values: LinkFilterValues): string {
  const query = new URLSearchParams();
  for (const { name } of LINK_FILTERS) if (values[name]) query.set(name, values[name]!);
  const text = query.toString();
  return text ? `/?${text}` : '/';
}

const describedBy: Partial<Record<LinkFilterName, string>> = {
  q: 'filter-search',
  title: 'filter-patterns',
  url: 'filter-patterns',
  description: 'filter-patterns',
};

export function LinkFilterBar({ values }: { values: LinkFilterValues }) {
  const [draft, setDraft] = useState(values);
  useEffect(() => setDraft(values), [JSON.stringify(values)]);
  const active = Object.keys(values).length > 0;
  return (
    <form
      class="filters"
      role="search"
      aria-label="Filter your links"
      onSubmit={(event) => {
        event.preventDefault();
        navigate(addressOf(draft));
      }}
    >
      {LINK_FILTERS.map((filter) => (
        <p key={filter.name} class="field">
          <label for={`filter-${filter.name}`}>{filter.label}</label>
          <input
            id={`filter-${filter.name}`}
            aria-describedby={describedBy[filter.name]}
            placeholder={filter.hint}
            value={draft[filter.name] ?? ''}
            onInput={(event) => setDraft({ ...draft, [filter.name]: event.currentTarget.value.trim() })}
          />
        </p>
      ))}
      <p id="filter-search" class="hint">
        Search finds words in titles, descriptions, urls and tags, whatever their case and accents, best
        matches first. <code>tag:name</code> keeps links with that tag; <code>-word</code> leaves out links
        with the word.
      </p>
      <p id="filter-patterns" class="hint">
        Title, url and description take regular expressions, matched anywhere and case-sensitively.
      </p>
      <p class="field buttons">
        <button type="submit">Filter</button>
        {active && (
          <button type="button" class="secondary" onClick={() => navigate('/')}>
            Show all
          </button>
        )}
      </p>
    </form>
  );
}
