import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi, useConnected, useSession } from './api/hooks.tsx';
import { SignIn } from './features/signin/SignIn.tsx';
import { Today } from './features/today/Today.tsx';
import { LogVisit } from './features/visits/LogVisit.tsx';
import type { TodayEntry } from '../../core/api.ts';
import { languages, setLanguage } from './i18n/index.ts';

/** Tells the backend the user is active, at most every 30 s, so the session does not lock while in use. */
function useActivity(): void {
  const api = useApi();
  const last = useRef(0);
  useEffect(() => {
    const seen = () => {
      if (Date.now() - last.current < 30_000) return;
      last.current = Date.now();
      api.activity();
    };
    for (const event of ['keydown', 'pointerdown'] as const) window.addEventListener(event, seen, { passive: true });
    return () => {
      for (const event of ['keydown', 'pointerdown'] as const) window.removeEventListener(event, seen);
    };
  }, [api]);
}

export function App() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const session = useSession();
  const connected = useConnected();
  const [wasSignedIn, setWasSignedIn] = useState(false);
  const [logging, setLogging] = useState<{ entry: TodayEntry; date: string }>();
  useActivity();
  useEffect(() => {
    if (session) setWasSignedIn(true);
    // A lock ends what was open; after signing in again, the day starts from its list.
    else setLogging(undefined);
  }, [session]);
  useEffect(() => {
    document.title = t('app.name');
  }, [t]);

  return (
    <>
      <a className="skip" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="top">
        <span className="brand">{t('app.name')}</span>
        <label className="language">
          {t('language.choose')}{' '}
          <select value={i18n.language} onChange={(event) => setLanguage(event.target.value)}>
            {languages.map((code) => (
              <option key={code} value={code}>
                {i18n.getFixedT(code)('language.name')}
              </option>
            ))}
          </select>
        </label>
        {session && (
          <>
            <span className="user">{session.displayName}</span>
            <button type="button" onClick={() => void api.call('auth.lock', {})}>
              {t('app.lock')}
            </button>
          </>
        )}
      </header>
      {!connected && (
        <p role="status" className="notice">
          {t('connection.lost')}
        </p>
      )}
      {session ? (
        <main id="main">
          {logging ? (
            <LogVisit
              key={logging.entry.planned.id}
              entry={logging.entry}
              date={logging.date}
              onDone={() => setLogging(undefined)}
            />
          ) : (
            <Today onLog={(entry, date) => setLogging({ entry, date })} />
          )}
        </main>
      ) : (
        <SignIn wasLocked={wasSignedIn} />
      )}
    </>
  );
}
