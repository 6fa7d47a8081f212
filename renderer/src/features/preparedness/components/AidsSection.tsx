/** The client's electricity-dependent aids (the team keeps its own register), each to change, and one to add. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AidRecord } from '../../../../../core/preparedness.ts';
import { Button, Section } from '../../../kit/index.ts';
import { AidForm } from './AidForm.tsx';

export function AidsSection({ clientId, aids }: { clientId: string; aids: readonly AidRecord[] }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<AidRecord | 'new'>();
  return (
    <Section title={t('preparedness.aidsTitle')}>
      <p className="subtle">{t('preparedness.aidsExplain')}</p>
      {aids.length === 0 ? (
        <p>{t('preparedness.noAids')}</p>
      ) : (
        <ul className="aids">
          {aids.map((aid) => (
            <li key={aid.aidId}>
              <strong>{t(`preparedness.device.${aid.device}`)}</strong> ·{' '}
              {aid.batteryHours === undefined
                ? t('preparedness.noBattery')
                : t('preparedness.battery', { count: aid.batteryHours })}
              <div>
                {t('preparedness.backup')}: {aid.backupRoutine}
              </div>
              {aid.supplier && (
                <div>
                  {t('preparedness.supplier')}: {aid.supplier}
                </div>
              )}
              <Button variant="link" onPress={() => setEditing(aid)}>
                {t('preparedness.editAid', { device: t(`preparedness.device.${aid.device}`) })}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {editing ? (
        <AidForm
          key={editing === 'new' ? 'new' : editing.id}
          clientId={clientId}
          aid={editing === 'new' ? undefined : editing}
          onDone={() => setEditing(undefined)}
        />
      ) : (
        <Button onPress={() => setEditing('new')}>{t('preparedness.addAid')}</Button>
      )}
    </Section>
  );
}
