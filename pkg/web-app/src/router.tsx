import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** The app's pages; the gateway serves index.html at each of them (svc/api-gateway-service/web-app.ts). */
export type Page = '/' | '/news' | '/people' | '/save' | '/signin/callback' | '/tags';

const listeners = new Set<() => void>();

/** Goes to another page of the app without reloading it. */
export function navigate(to: string): void {
  history.pushState(null, '', to);
  for (const listener of listeners) listener();
}

/** The current location (path and query), re-rendering on navigation and on Back/Forward. */
export function useLocation(): URL {
  const [href, setHref] = useState(location.href);
  useEffect(() => {
    const update = () => setHref(location.href);
    listeners.add(update);
    addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      removeEventListener('popstate', update);
    };
  }, []);
  return new URL(href);
}

/** An ordinary link (keyboard, middle-click and copy work) that navigates in place on a plain click. */
export function AppLink(props: {
  href: string;
  class?: string;
  current?: boolean;
  children: ComponentChildren;
}) {
  return (
    <a
      href={props.href}
      class={props.class}
      aria-current={props.current ? 'page' : undefined}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(props.href);
      }}
    >
      {props.children}
    </a>
  );
}
