import { useEffect, useState } from 'preact/hooks';
import type { PublicApiClient, Session } from '../../../public-api-client';
import { describeError, Notice } from '../messages';
import { navigate } from '../router';

interface Props {
  api: PublicApiClient;
  query: URLSearchParams;
  onSignedIn(session: Session, keepOnThisDevice: boolean): void;
}

/**
 * Where the identity provider sends the browser back when the gateway's OAUTH_REDIRECT_URL
 * is this page: it hands `code` and `state` to the gateway's /login/callback, which opens
 * the session, and keeps the session for this tab.
 */
export function SocialLoginCallback({ api, query, onSignedIn }: Props) {
  const [error, setError] = useState<string>();
  useEffect(() => {
    const code = query.get('code');
    const state = query.get('state');
    if (!code || !state) {
      setError(`The sign-in was not completed (${query.get('error') ?? 'no code from the provider'}).`);
      return;
    }
    api.completeSocialLogin(code, state).then(
      (session) => {
        onSignedIn(session, false);
        navigate('/');
      },
      (failure: unknown) => setError(describeError(failure)),
    );
    // Runs once: a code can be exchanged only once.
  }, []);
  return (
    <main id="main" class="narrow">
      <h1>Signing in…</h1>
      <Notice error={error} />
      {error && <a href="/">Back to the sign-in page</a>}
    </main>
  );
}
