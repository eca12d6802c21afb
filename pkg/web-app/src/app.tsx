import { useEffect, useMemo, useState } from 'preact/hooks';
import { PublicApiClient, PublicApiError, type Session } from '../../public-api-client';
import { AppContext, type AppContextValue } from './app-context';
import { describeError, Notice } from './messages';
import { AppLink, navigate, useLocation } from './router';
import { LinksPage } from './screens/links-page';
import { NewsPage } from './screens/news-page';
import { PeoplePage } from './screens/people-page';
import { SavePage } from './screens/save-page';
import { SignIn } from './screens/sign-in';
import { SocialLoginCallback } from './screens/social-login-callback';
import { TagsPage } from './screens/tags-page';
import { clearSession, readSession, saveSession, type SignedIn } from './session-store';
import { loadSettings, type WebAppSettings } from './settings';

const anonymous = new PublicApiClient({ baseUrl: '' });

export function App() {
  const [signedIn, setSignedIn] = useState<SignedIn | undefined>(readSession);
  const [settings, setSettings] = useState<WebAppSettings>();
  const [notice, setNotice] = useState<string>();
  const where = useLocation();

  useEffect(() => {
    loadSettings().then(setSettings, (error: unknown) => setNotice(describeError(error)));
  }, []);

  const signIn = (session: Session, keepOnThisDevice: boolean) => {
    saveSession({ session: session.session, username: session.username }, keepOnThisDevice);
    setNotice(undefined);
    setSignedIn({ session: session.session, username: session.username });
  };

  const context = useMemo<AppContextValue | undefined>(() => {
    if (!signedIn) return undefined;
    return {
      api: anonymous.withSession(signedIn.session),
      username: signedIn.username,
      failed: (error) => {
        if (error instanceof PublicApiError && error.status === 401) {
          clearSession();
          setSignedIn(undefined);
          setNotice('Your session has ended. Please sign in again.');
        }
        return describeError(error);
      },
    };
  }, [signedIn]);

  if (where.pathname === '/signin/callback') {
    return <SocialLoginCallback api={anonymous} query={where.searchParams} onSignedIn={signIn} />;
  }
  if (!context) {
    return (
      <main id="main" class="narrow">
        <h1>Delinkcious</h1>
        <p class="lead">Save links with tags, follow people, read what they save.</p>
        <Notice error={notice} />
        {where.pathname === '/save' && <p>Sign in to save this page.</p>}
        {settings ? (
          <SignIn api={anonymous} settings={settings} onSignedIn={signIn} />
        ) : (
          !notice && <p>Loading…</p>
        )}
      </main>
    );
  }

  const signOut = async () => {
    try {
      await context.api.logout();
    } catch {
      // Signing out here must work even when the gateway cannot be told.
    }
    clearSession();
    setSignedIn(undefined);
    navigate('/');
  };

  const page = (path: string) => where.pathname === path;
  return (
    <AppContext.Provider value={context}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <AppLink href="/" class="brand">
          Delinkcious
        </AppLink>
        <nav aria-label="Main">
          <AppLink href="/" current={page('/')}>
            Links
          </AppLink>
          <AppLink href="/tags" current={page('/tags')}>
            Tags
          </AppLink>
          <AppLink href="/news" current={page('/news')}>
            News
          </AppLink>
          <AppLink href="/people" current={page('/people')}>
            People
          </AppLink>
        </nav>
        <span class="who">
          Signed in as <strong>{context.username}</strong>
        </span>
        <button type="button" class="secondary" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {page('/news') ? (
          <NewsPage />
        ) : page('/tags') ? (
          <TagsPage />
        ) : page('/people') ? (
          <PeoplePage />
        ) : page('/save') ? (
          <SavePage query={where.searchParams} />
        ) : (
          <LinksPage query={where.searchParams} />
        )}
      </main>
    </AppContext.Provider>
  );
}
