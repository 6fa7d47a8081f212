import { useTranslation } from 'react-i18next';
import type { DrillView } from '../../../../../core/api.ts';

/** Where the client lives, how to reach them and get in, and the electric aids that need power. */
export function ClientFacts({ view, clientId, detail }: { view: DrillView; clientId: string; detail: string }) {
  const { t } = useTranslation();
  const client = view.clients[clientId];
  if (!client) return null;
  return (
    <dl className="drill-facts">
      <div>
        <dt>{t('drills.address')}</dt>
        <dd>
          {client.address} · {detail}
        </dd>
      </div>
      <div>
        <dt>{t('preparedness.phone')}</dt>
        <dd>{client.phone?.trim() ? client.phone : t('drills.noPhone')}</dd>
      </div>
      {client.accessNotes && (
        <div>
          <dt>{t('preparedness.access')}</dt>
          <dd>{client.accessNotes}</dd>
        </div>
      )}
      {client.directions && (
        <div>
          <dt>{t('drills.directions')}</dt>
          <dd>{client.directions}</dd>
        </div>
      )}
      {client.aids.map((aid) => (
        <div key={aid.aidId}>
          <dt>{t(`preparedness.device.${aid.device}`)}</dt>
          <dd>
            {aid.batteryHours === undefined
              ? t('preparedness.noBattery')
              : t('preparedness.battery', { count: aid.batteryHours })}
            {aid.backupRoutine && ` · ${aid.backupRoutine}`}
          </dd>
        </div>
      ))}
    </dl>
  );
}
