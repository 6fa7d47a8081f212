import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi, useConnected, useSession, useSyncStatus } from './api/hooks.tsx';
import { SignIn } from './features/signin/SignIn.tsx';
import { Header } from './shell/Header.tsx';
import { Shell } from './shell/Shell.tsx';
import { usePlace } from './shell/usePlace.ts';
import './shell/shell.css';

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
  const { t } = useTranslation();
  const session = useSession();
  const connected = useConnected();
  const sync = useSyncStatus();
  const [wasSignedIn, setWasSignedIn] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  // The screen, kept across reloads and, for the same person, across a lock.
  const [screen, go] = usePlace(session);
  useActivity();
  useEffect(() => {
    if (session) setWasSignedIn(true);
    else setMenuOpen(false);
  }, [session]);
  useEffect(() => {
    document.title = t('app.name');
  }, [t]);

  return (
    <>
      <a className="skip" href="#main">
        {t('app.skipToContent')}
      </a>
      <Header
        session={session}
        sync={sync}
        menuOpen={menuOpen}
        onMenu={() => setMenuOpen(!menuOpen)}
        onSync={() => go({ name: 'sync' })}
      />
      {!connected && (
        <p role="status" className="notice">
          {t('connection.lost')}
        </p>
      )}
      {session === undefined ? (
        <main id="main">
          <p role="status">{t('app.connecting')}</p>
        </main>
      ) : session ? (
        <Shell session={session} sync={sync} screen={screen} go={go} menuOpen={menuOpen} setMenuOpen={setMenuOpen} />
      ) : (
        <SignIn wasLocked={wasSignedIn} sync={sync} />
      )}
    </>
  );
}
