import { useTranslation } from 'react-i18next';
import type { DrillView } from '../../../../../core/api.ts';
import type { ClientStatus } from '../../../../../core/drills.ts';
import { StatusTag } from '../../../kit/index.ts';
import { drillClient, statusTone } from '../wording.ts';
import { ClientFacts } from './ClientFacts.tsx';
import { EntryForm } from './EntryForm.tsx';

/** The worker's own clients, in priority order, each with what she needs to reach them and the form to record it. */
export function MyClients({ view, userId }: { view: DrillView; userId: string }) {
  const { t } = useTranslation();
  const mine = view.state.clients.filter((c) => c.workerId === userId);
  const mode = view.state.drill.mode;
  if (mine.length === 0) return <p>{t(`drills.noneMine.${mode}`)}</p>;
  return (
    <>
      {view.state.ended && (
        <p role="status">
          <StatusTag tone="info">{t(`drills.endedNotice.${mode}`)}</StatusTag>
        </p>
      )}
      <ol className="drill-clients">
        {mine.map((status) => (
          <MyClient key={status.clientId} view={view} status={status} />
        ))}
      </ol>
    </>
  );
}

function MyClient({ view, status }: { view: DrillView; status: ClientStatus }) {
  const { t } = useTranslation();
  const who = drillClient(view, status.clientId, t);
  return (
    <li className="drill-client">
      <h2 className="drill-client-name">
        <span>{who.name}</span>
        <StatusTag tone={statusTone[status.status]}>{t(`drills.status.${status.status}`)}</StatusTag>
        {status.high && <StatusTag tone="info">{t('drills.high')}</StatusTag>}
      </h2>
      <ClientFacts view={view} clientId={status.clientId} detail={who.detail} />
      <EntryForm view={view} clientId={status.clientId} who={who.name} />
    </li>
  );
}
