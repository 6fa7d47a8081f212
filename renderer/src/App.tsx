import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi, useConnected, useSession, useSyncStatus, useWatch } from './api/hooks.tsx';
import { SignIn } from './features/signin/SignIn.tsx';
import { Today } from './features/today/Today.tsx';
import { LogVisit } from './features/visits/LogVisit.tsx';
import { ClientList } from './features/clients/ClientList.tsx';
import { ClientView } from './features/clients/ClientView.tsx';
import type { TodayEntry } from '../../core/api.ts';
import { languages, setLanguage } from './i18n/index.ts';
import { SyncBadge } from './features/sync/SyncBadge.tsx';
import { SyncScreen } from './features/sync/SyncScreen.tsx';
import { Inbox } from './features/review/Inbox.tsx';
import { ReviewVisit } from './features/review/ReviewVisit.tsx';
import { ConflictView } from './features/review/ConflictView.tsx';
import { Dashboard } from './features/dashboard/Dashboard.tsx';
import { AccessLog } from './features/access/AccessLog.tsx';
import { ClientWellbeing } from './features/wellbeing/ClientWellbeing.tsx';
import { LonelinessOverview } from './features/wellbeing/LonelinessOverview.tsx';
import { ClientPreparedness } from './features/preparedness/ClientPreparedness.tsx';
import { Preparedness } from './features/preparedness/Preparedness.tsx';
import { Drills } from './features/drills/Drills.tsx';
import { Drill } from './features/drills/Drill.tsx';
import type { Role } from '../../core/users.ts';

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

type Screen =
  | { name: 'today' }
  | { name: 'log'; entry: TodayEntry; date: string }
  | { name: 'clients' }
  | { name: 'client'; id: string }
  | { name: 'sync' }
  | { name: 'inbox' }
  | { name: 'review'; visitId: string }
  | { name: 'conflict'; id: string }
  | { name: 'dashboard' }
  | { name: 'access' }
  | { name: 'wellbeing'; clientId: string; from: 'client' | 'loneliness' }
  | { name: 'loneliness' }
  | { name: 'preparedness' }
  | { name: 'clientPreparedness'; clientId: string; from: 'client' | 'preparedness' }
  | { name: 'drills' }
  | { name: 'drill'; drillId: string };

/** The screens each role's menu offers (the backend refuses the calls behind the others). */
type MenuEntry = 'today' | 'clients' | 'preparedness' | 'drills' | 'inbox' | 'dashboard' | 'loneliness' | 'access';
const MENU: Record<Role, readonly MenuEntry[]> = {
  worker: ['today', 'clients', 'preparedness', 'drills'],
  supervisor: ['today', 'clients', 'preparedness', 'drills', 'inbox', 'dashboard', 'loneliness', 'access'],
  admin: ['clients', 'access'],
};
/** Which menu entry a screen belongs to. */
const SECTION: Record<Screen['name'], string> = {
  today: 'today',
  log: 'today',
  clients: 'clients',
  client: 'clients',
  sync: 'sync',
  inbox: 'inbox',
  review: 'inbox',
  conflict: 'inbox',
  dashboard: 'dashboard',
  access: 'access',
  wellbeing: 'clients',
  loneliness: 'loneliness',
  preparedness: 'preparedness',
  clientPreparedness: 'clients',
  drills: 'drills',
  drill: 'drills',
};

export function App() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const session = useSession();
  const connected = useConnected();
  const sync = useSyncStatus();
  const [wasSignedIn, setWasSignedIn] = useState(false);
  const [screen, setScreen] = useState<Screen>({ name: 'today' });
  // A drill or an incident under way is shown on every screen, marked as an exercise or as real.
  const drills = useWatch('drills.list', {});
  const running = session && session.role !== 'admin' && drills?.ok ? drills.value.filter((d) => !d.ended) : [];
  useActivity();
  useEffect(() => {
    if (session) setWasSignedIn(true);
    // A lock ends what was open; after signing in again, the day starts from its list.
    else if (session === null) setScreen({ name: 'today' });
    // An administrator has no day of visits: they start on the clients.
    if (session?.role === 'admin') setScreen((current) => (current.name === 'today' ? { name: 'clients' } : current));
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
            <nav aria-label={t('nav.label')}>
              {MENU[session.role].map((entry) => (
                <button
                  key={entry}
                  type="button"
                  aria-current={SECTION[screen.name] === entry ? 'page' : undefined}
                  onClick={() => setScreen({ name: entry } as Screen)}
                >
                  {t(`nav.${entry}`)}
                </button>
              ))}
            </nav>
            {sync && <SyncBadge status={sync} onOpen={() => setScreen({ name: 'sync' })} />}
            <span className="user">{session.displayName}</span>
            <button type="button" onClick={() => void api.call('auth.lock', {})}>
              {t('app.lock')}
            </button>
          </>
        )}
      </header>
      {running.map((d) => (
        <p key={d.drill.id} className={`drill-banner drill-banner-${d.drill.mode} no-print`} role="status">
          {t(`drills.banner.${d.drill.mode}`, {
            hazard: t(`preparedness.hazard.${d.drill.hazard}`),
            villages: d.drill.villages.join(', ') || t('preparedness.allVillages'),
          })}{' '}
          <button type="button" className="link" onClick={() => setScreen({ name: 'drill', drillId: d.drill.id })}>
            {t('drills.openBanner')}
          </button>
        </p>
      ))}
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
        <main id="main">
          {screen.name === 'log' && (
            <LogVisit
              key={screen.entry.planned.id}
              entry={screen.entry}
              date={screen.date}
              onDone={() => setScreen({ name: 'today' })}
            />
          )}
          {screen.name === 'today' && <Today onLog={(entry, date) => setScreen({ name: 'log', entry, date })} />}
          {screen.name === 'clients' && <ClientList onOpen={(id) => setScreen({ name: 'client', id })} />}
          {screen.name === 'client' && (
            <ClientView
              key={screen.id}
              id={screen.id}
              onBack={() => setScreen({ name: 'clients' })}
              onWellbeing={
                session.role === 'admin'
                  ? undefined
                  : () => setScreen({ name: 'wellbeing', clientId: screen.id, from: 'client' })
              }
              onPreparedness={
                session.role === 'admin'
                  ? undefined
                  : () => setScreen({ name: 'clientPreparedness', clientId: screen.id, from: 'client' })
              }
            />
          )}
          {screen.name === 'wellbeing' && (
            <ClientWellbeing
              key={screen.clientId}
              clientId={screen.clientId}
              onBack={() =>
                setScreen(screen.from === 'client' ? { name: 'client', id: screen.clientId } : { name: 'loneliness' })
              }
            />
          )}
          {screen.name === 'preparedness' && (
            <Preparedness
              onOpen={(clientId) => setScreen({ name: 'clientPreparedness', clientId, from: 'preparedness' })}
            />
          )}
          {screen.name === 'clientPreparedness' && (
            <ClientPreparedness
              key={screen.clientId}
              clientId={screen.clientId}
              onBack={() =>
                setScreen(screen.from === 'client' ? { name: 'client', id: screen.clientId } : { name: 'preparedness' })
              }
            />
          )}
          {screen.name === 'drills' && <Drills onOpen={(drillId) => setScreen({ name: 'drill', drillId })} />}
          {screen.name === 'drill' && (
            <Drill key={screen.drillId} drillId={screen.drillId} onBack={() => setScreen({ name: 'drills' })} />
          )}
          {screen.name === 'loneliness' && (
            <LonelinessOverview onOpen={(clientId) => setScreen({ name: 'wellbeing', clientId, from: 'loneliness' })} />
          )}
          {screen.name === 'sync' && sync && <SyncScreen status={sync} />}
          {screen.name === 'inbox' && (
            <Inbox
              onOpenVisit={(visitId) => setScreen({ name: 'review', visitId })}
              onOpenConflict={(id) => setScreen({ name: 'conflict', id })}
            />
          )}
          {screen.name === 'review' && (
            <ReviewVisit key={screen.visitId} visitId={screen.visitId} onBack={() => setScreen({ name: 'inbox' })} />
          )}
          {screen.name === 'conflict' && (
            <ConflictView key={screen.id} id={screen.id} onBack={() => setScreen({ name: 'inbox' })} />
          )}
          {screen.name === 'dashboard' && <Dashboard />}
          {screen.name === 'access' && <AccessLog />}
        </main>
      ) : (
        <SignIn wasLocked={wasSignedIn} sync={sync} />
      )}
    </>
  );
}
