import { useEffect, useState } from 'preact/hooks';
import { callApi, onUnauthorized, setCsrfToken } from './api-client';
import type { Session } from './api-types';
import { AppContext } from './app-context';
import { CasePage } from './case-page';
import { CasesPage } from './cases-page';
import { FoundPersonPage } from './found-person-page';
import { FoundPersonsPage } from './found-persons-page';
import { translate, type Language } from './messages';
import { ReviewPage } from './review-page';
import { href, parseRoute, type Route } from './router';
import { SignIn } from './sign-in';
import { StatsPage } from './stats-page';

const LANGUAGE_KEY = 'reunion.language';

/** The language chosen before (the only thing the page stores), else the browser's. */
function initialLanguage(): Language {
  const stored = localStorage.getItem(LANGUAGE_KEY);
  if (stored === 'en' || stored === 'zh') return stored;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

type SessionState = { readonly kind: 'checking' } | { readonly kind: 'signedOut'; readonly notice: string | null } | { readonly kind: 'signedIn'; readonly session: Session };

export function App() {
  const [language, setLanguage] = useState<Language>(initialLanguage);
  const [state, setState] = useState<SessionState>({ kind: 'checking' });
  const [route, setRoute] = useState<Route>(() => parseRoute(location.hash));
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(language, key, params);

  const signedIn = (session: Session) => {
    setCsrfToken(session.csrfToken);
    setState({ kind: 'signedIn', session });
  };

  useEffect(() => {
    onUnauthorized(() => {
      setCsrfToken(null);
      setState({ kind: 'signedOut', notice: 'expired' });
    });
    callApi<Session>('GET', '/v1/session').then(signedIn, () => setState({ kind: 'signedOut', notice: null }));
    const onHash = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    document.documentElement.lang = language === 'zh' ? 'zh-Hans' : 'en';
    document.title = t('app.title');
    localStorage.setItem(LANGUAGE_KEY, language);
  }, [language]);

  useEffect(() => {
    document.getElementById('page-heading')?.focus();
  }, [route, state.kind]);

  const signOut = async () => {
    try {
      await callApi('DELETE', '/v1/session');
    } finally {
      setCsrfToken(null);
      setState({ kind: 'signedOut', notice: null });
    }
  };

  const languageSwitch = (
    <div class="language">
      <label for="language">{t('lang.label')}</label>
      <select id="language" data-testid="language" value={language} onChange={(e) => setLanguage((e.target as HTMLSelectElement).value as Language)}>
        <option value="en">{translate('en', 'lang.en')}</option>
        <option value="zh">{translate('zh', 'lang.zh')}</option>
      </select>
    </div>
  );

  return (
    <>
      <a class="skip" href="#content">{t('app.skip')}</a>
      <header class="top">
        <p class="brand">{t('app.title')}</p>
        {state.kind === 'signedIn' && (
          <nav aria-label={t('nav.main')}>
            <ul>
              <li><a href={href.cases()} aria-current={route.page === 'cases' || route.page === 'case' ? 'page' : undefined}>{t('nav.cases')}</a></li>
              <li><a href={href.foundPersons()} aria-current={route.page === 'foundPersons' || route.page === 'foundPerson' ? 'page' : undefined}>{t('nav.foundPersons')}</a></li>
              <li><a href={href.stats()} aria-current={route.page === 'stats' ? 'page' : undefined}>{t('nav.stats')}</a></li>
            </ul>
          </nav>
        )}
        {languageSwitch}
        {state.kind === 'signedIn' && (
          <div class="who">
            <span data-testid="signed-in-as">{t('session.signedInAs', { role: state.session.role, org: state.session.org })}</span>
            <button type="button" class="secondary" data-testid="sign-out" onClick={signOut}>{t('session.signOut')}</button>
          </div>
        )}
      </header>
      {state.kind === 'checking' && <main id="content"><AppLoading language={language} /></main>}
      {state.kind === 'signedOut' && (
        <SignIn language={language} notice={state.notice === 'expired' ? t('session.expired') : null} onSignedIn={signedIn} />
      )}
      {state.kind === 'signedIn' && (
        <AppContext.Provider value={{ language, session: state.session }}>
          <main id="content">
            <CurrentPage route={route} />
          </main>
        </AppContext.Provider>
      )}
    </>
  );
}

function AppLoading({ language }: { language: Language }) {
  return <p class="loading" role="status">{translate(language, 'common.loading')}</p>;
}

function CurrentPage({ route }: { route: Route }) {
  switch (route.page) {
    case 'cases': return <CasesPage />;
    case 'foundPersons': return <FoundPersonsPage />;
    case 'foundPerson': return <FoundPersonPage id={route.id} key={route.id} />;
    case 'case': return <CasePage id={route.id} key={route.id} />;
    case 'match': return <ReviewPage id={route.id} key={route.id} />;
    case 'stats': return <StatsPage />;
  }
}
