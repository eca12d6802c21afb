/**
 * Where the signed-in session lives in the browser. The public API takes the session only
 * as a bearer header, never from a cookie, so no other site can make the browser call it
 * (no CSRF); the page's strict CSP (script-src 'self') is what keeps the token from foreign
 * scripts. By default it is kept in sessionStorage: it ends with the tab and leaves nothing
 * on a shared computer. "Keep me signed in" puts it in localStorage instead, so that the
 * bookmarklet's window, a new tab, finds it.
 */
export interface SignedIn {
  session: string;
  username: string;
}

const KEY = 'delinkcious.session';

function parse(text: string | null): SignedIn | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<SignedIn>;
    return typeof value.session === 'string' && typeof value.username === 'string'
      ? { session: value.session, username: value.username }
      : undefined;
  } catch {
    return undefined;
  }
}

export function readSession(): SignedIn | undefined {
  return parse(sessionStorage.getItem(KEY)) ?? parse(localStorage.getItem(KEY));
}

export function saveSession(signedIn: SignedIn, keepOnThisDevice: boolean): void {
  clearSession();
  (keepOnThisDevice ? localStorage : sessionStorage).setItem(KEY, JSON.stringify(signedIn));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
  localStorage.removeItem(KEY);
}
