import { useState } from 'preact/hooks';
import { callApi } from './api-client';
import type { Session } from './api-types';
import { translate, type Language } from './messages';
import { ApiError } from './api-client';

/**
 * Paste the API key once: it goes in the body of POST /v1/session (never a URL), the service
 * answers with an HttpOnly cookie, and the field is emptied. The key is kept nowhere.
 */
export function SignIn({ language, notice, onSignedIn }: { language: Language; notice: string | null; onSignedIn: (s: Session) => void }) {
  const t = (key: Parameters<typeof translate>[1]) => translate(language, key);
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await callApi<Session>('POST', '/v1/session', { apiKey: key.trim() });
      setKey('');
      onSignedIn(session);
    } catch (err) {
      setKey('');
      setError(err instanceof ApiError && err.status === 401 ? translate(language, 'error.code.UNAUTHORIZED') : translate(language, 'error.network'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="content" class="sign-in">
      <h1 id="page-heading" tabIndex={-1}>{t('signIn.heading')}</h1>
      {notice && <p class="notice" role="status">{notice}</p>}
      <form onSubmit={submit} autocomplete="off">
        <label for="api-key">{t('signIn.keyLabel')}</label>
        <input
          id="api-key" name="api-key" type="password" data-testid="api-key" required autocomplete="off" spellcheck={false}
          aria-describedby="api-key-help" value={key} onInput={(e) => setKey((e.target as HTMLInputElement).value)}
        />
        <p id="api-key-help" class="help">{t('signIn.keyHelp')}</p>
        <button type="submit" data-testid="sign-in" disabled={busy}>{busy ? t('signIn.working') : t('signIn.submit')}</button>
        {error && <p class="problem" role="alert" data-testid="sign-in-error">{error}</p>}
      </form>
    </main>
  );
}
