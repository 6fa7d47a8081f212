/** One client: who, where, how to get in, whom to call; the weekly plan; and every visit, corrections beside originals. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '../../../../core/api.ts';
import { useWatch } from '../../api/hooks.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { useNames } from '../../components/useNames.ts';
import { AsyncContent, Button } from '../../kit/index.ts';
import { AmendVisit } from './AmendVisit.tsx';
import { ClientFacts } from './ClientFacts.tsx';
import { ClientSchedule } from './ClientSchedule.tsx';
import { useStaff } from './useStaff.ts';
import { VisitHistory } from './VisitHistory.tsx';

export function ClientView({
  id,
  onBack,
  onWellbeing,
  onPreparedness,
}: {
  id: string;
  onBack: () => void;
  /** Opens the client's loneliness screening and follow-up (not offered to administrators). */
  onWellbeing?: (() => void) | undefined;
  /** Opens the client's preparedness checklists and electric aids (not offered to administrators). */
  onPreparedness?: (() => void) | undefined;
}) {
  const { t } = useTranslation();
  const names = useNames();
  const details = useWatch('clients.get', { id });
  const staff = useStaff();
  const [amending, setAmending] = useState<HistoryEntry>();

  if (amending) return <AmendVisit entry={amending} onDone={() => setAmending(undefined)} />;
  return (
    <AsyncContent result={details}>
      {(value) => (
        <section aria-labelledby="client-title">
          <Button variant="link" onPress={onBack}>
            {t('clients.back')}
          </Button>
          <ScreenHeading id="client-title">
            {value.client.givenName} {value.client.familyName}
          </ScreenHeading>
          <p className="subtle">{names.client(value.client).detail}</p>
          {(onWellbeing || onPreparedness) && (
            <p className="actions">
              {onWellbeing && <Button onPress={onWellbeing}>{t('wellbeing.open')}</Button>}
              {onPreparedness && <Button onPress={onPreparedness}>{t('preparedness.open')}</Button>}
            </p>
          )}
          <ClientFacts details={value} />
          <ClientSchedule schedule={value.client.schedule} staff={staff} />
          <VisitHistory clientId={id} staff={staff} onCorrect={setAmending} />
        </section>
      )}
    </AsyncContent>
  );
}
