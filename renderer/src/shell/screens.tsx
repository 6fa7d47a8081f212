/** Which component draws each screen, and where its links lead: one table instead of a chain of conditions. */
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TodayEntry } from '../../../core/api.ts';
import type { SyncStatus } from '../../../core/sync.ts';
import type { Role } from '../../../core/users.ts';
import { useWatch } from '../api/hooks.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { AccessLog } from '../features/access/AccessLog.tsx';
import { ClientList } from '../features/clients/ClientList.tsx';
import { ClientView } from '../features/clients/ClientView.tsx';
import { Dashboard } from '../features/dashboard/Dashboard.tsx';
import { Drill } from '../features/drills/Drill.tsx';
import { Drills } from '../features/drills/Drills.tsx';
import { ClientPreparedness } from '../features/preparedness/ClientPreparedness.tsx';
import { Preparedness } from '../features/preparedness/Preparedness.tsx';
import { ConflictView } from '../features/review/ConflictView.tsx';
import { Inbox } from '../features/review/Inbox.tsx';
import { ReviewVisit } from '../features/review/ReviewVisit.tsx';
import { SyncScreen } from '../features/sync/SyncScreen.tsx';
import { Today } from '../features/today/Today.tsx';
import { LogVisit } from '../features/visits/LogVisit.tsx';
import { ClientWellbeing } from '../features/wellbeing/ClientWellbeing.tsx';
import { LonelinessOverview } from '../features/wellbeing/LonelinessOverview.tsx';
import type { Screen, ScreenName } from './routes.ts';

export interface RouteContext {
  readonly go: (screen: Screen) => void;
  readonly role: Role;
  readonly sync: SyncStatus | undefined;
}

type Route<K extends ScreenName> = (screen: Extract<Screen, { name: K }>, context: RouteContext) => ReactNode;

const ROUTES: { readonly [K in ScreenName]: Route<K> } = {
  today: (_, { go }) => (
    <Today onLog={(entry, date) => go({ name: 'log', plannedVisitId: entry.planned.id, date, entry })} />
  ),
  log: (screen, { go }) => <LogVisitScreen screen={screen} onDone={() => go({ name: 'today' })} />,
  clients: (_, { go }) => <ClientList onOpen={(id) => go({ name: 'client', id })} />,
  client: ({ id }, { go, role }) => (
    <ClientView
      id={id}
      onBack={() => go({ name: 'clients' })}
      onWellbeing={role === 'admin' ? undefined : () => go({ name: 'wellbeing', clientId: id, from: 'client' })}
      onPreparedness={
        role === 'admin' ? undefined : () => go({ name: 'clientPreparedness', clientId: id, from: 'client' })
      }
    />
  ),
  wellbeing: ({ clientId, from }, { go }) => (
    <ClientWellbeing
      clientId={clientId}
      onBack={() => go(from === 'client' ? { name: 'client', id: clientId } : { name: 'loneliness' })}
    />
  ),
  loneliness: (_, { go }) => (
    <LonelinessOverview onOpen={(clientId) => go({ name: 'wellbeing', clientId, from: 'loneliness' })} />
  ),
  preparedness: (_, { go }) => (
    <Preparedness onOpen={(clientId) => go({ name: 'clientPreparedness', clientId, from: 'preparedness' })} />
  ),
  clientPreparedness: ({ clientId, from }, { go }) => (
    <ClientPreparedness
      clientId={clientId}
      onBack={() => go(from === 'client' ? { name: 'client', id: clientId } : { name: 'preparedness' })}
    />
  ),
  drills: (_, { go }) => <Drills onOpen={(drillId) => go({ name: 'drill', drillId })} />,
  drill: ({ drillId }, { go }) => <Drill drillId={drillId} onBack={() => go({ name: 'drills' })} />,
  sync: (_, { sync }) => sync && <SyncScreen status={sync} />,
  inbox: (_, { go }) => (
    <Inbox
      onOpenVisit={(visitId) => go({ name: 'review', visitId })}
      onOpenConflict={(id) => go({ name: 'conflict', id })}
    />
  ),
  review: ({ visitId }, { go }) => <ReviewVisit visitId={visitId} onBack={() => go({ name: 'inbox' })} />,
  conflict: ({ id }, { go }) => <ConflictView id={id} onBack={() => go({ name: 'inbox' })} />,
  dashboard: () => <Dashboard />,
  access: () => <AccessLog />,
};

export function renderScreen(screen: Screen, context: RouteContext): ReactNode {
  return (ROUTES[screen.name] as Route<ScreenName>)(screen as never, context);
}

/**
 * Logging a visit: the entry comes from the day's list, or after a reload is looked up by its ids (the form's draft,
 * saved as typed, comes back with it). It is kept as first found, so the form is not reset while it is filled in.
 */
function LogVisitScreen({ screen, onDone }: { screen: Extract<Screen, { name: 'log' }>; onDone: () => void }) {
  const { t } = useTranslation();
  const [entry, setEntry] = useState<TodayEntry | undefined>(screen.entry);
  const day = useWatch('visits.today', { date: screen.date });
  const found = day?.ok ? day.value.find((e) => e.planned.id === screen.plannedVisitId) : undefined;
  const gone = !screen.entry && day?.ok === true && (!found || found.loggedVisitId !== undefined);
  useEffect(() => {
    if (!entry && found && found.loggedVisitId === undefined) setEntry(found);
  }, [entry, found]);
  useEffect(() => {
    // Signed since, or no longer planned: back to the day.
    if (!entry && gone) onDone();
  }, [entry, gone, onDone]);
  if (entry) return <LogVisit entry={entry} date={screen.date} onDone={onDone} />;
  if (day && !day.ok) return <ErrorMessage error={day.error} />;
  return <p role="status">{t('shell.loading')}</p>;
}
