import { useState } from 'preact/hooks';
import type { PublicApiClient, Session } from '../../../public-api-client';
import { describeError, Notice } from '../messages';
import type { WebAppSettings } from '../settings';

interface Props {
  api: PublicApiClient;
  settings: WebAppSettings;
  onSignedIn(session: Session, keepOnThisDevice: boolean): void;
}

/** Social login (a plain link to the gateway's /login) and, where enabled, the development login. */
export function SignIn({ api, settings, onSignedIn }: Props) {
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [keep, setKeep] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const devLogin = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      onSignedIn(await api.devLogin({ username: username.trim(), email: email.trim() }), keep);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="sign-in-title" class="card">
      <h2 id="sign-in-title">Sign in</h2>
      {settings.socialLogin && (
        <p>
          <a class="button" href="/login">
            Sign in with GitHub
          </a>
        </p>
      )}
      {settings.devLogin && (
        <form onSubmit={devLogin} aria-describedby="dev-login-note">
          <p id="dev-login-note" class="hint">
            Development login: this server lets anyone in under any name. Never turned on in production.
          </p>
          <label for="dev-username">User name</label>
          <input
            id="dev-username"
            name="username"
            required
            autoComplete="username"
            pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,63}"
            value={username}
            onInput={(event) => setUsername(event.currentTarget.value)}
          />
          <label for="dev-email">Email</label>
          <input
            id="dev-email"
            name="email"
            type="email"
            required
            autoComplete="email"
            value={email}
            onInput={(event) => setEmail(event.currentTarget.value)}
          />
          <SessionChoice keep={keep} onChange={setKeep} />
          <button type="submit" disabled={busy}>
            Sign in
          </button>
        </form>
      )}
      {!settings.socialLogin && !settings.devLogin && (
        <p>No way of signing in is turned on for this server: ask its operator to set up social login.</p>
      )}
      <Notice error={error} />
    </section>
  );
}

function SessionChoice(props: { keep: boolean; onChange(keep: boolean): void }) {
  return (
    <p class="check">
      <input
        id="keep-signed-in"
        type="checkbox"
        checked={props.keep}
        onChange={(event) => props.onChange(event.currentTarget.checked)}
      />
      <label for="keep-signed-in">
        Keep me signed in on this device (lets the bookmarklet save without signing in)
      </label>
    </p>
  );
}
