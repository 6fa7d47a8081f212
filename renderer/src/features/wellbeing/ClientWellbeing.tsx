/**
 * One client's loneliness and isolation, followed over time: the latest risk level with its reasons, when the next
 * screening is due (and why), the scores as a small chart with a table beside it, the actions and referrals with what
 * came of them, the loneliness signs noted on visits, and every screening signed. A screening starts (or resumes) here.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientWellbeing as Page } from '../../../../core/api.ts';
import { useWatch } from '../../api/hooks.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { AsyncContent, Button } from '../../kit/index.ts';
import { ActionsSection } from './components/ActionsSection.tsx';
import { FollowUpNow } from './components/FollowUpNow.tsx';
import { ScoreTrend } from './components/ScoreTrend.tsx';
import { LonelinessSigns, ScreeningHistory } from './components/ScreeningHistory.tsx';
import { Screening } from './Screening.tsx';
import { clientName, Sources } from './wording.tsx';
import './components/wellbeing.css';

export function ClientWellbeing({ clientId, onBack }: { clientId: string; onBack: () => void }) {
  const page = useWatch('wellbeing.forClient', { clientId });
  return <AsyncContent result={page}>{(value) => <Follow page={value} onBack={onBack} />}</AsyncContent>;
}

function Follow({ page, onBack }: { page: Page; onBack: () => void }) {
  const { t } = useTranslation();
  const [screening, setScreening] = useState(false);
  const [justSigned, setJustSigned] = useState(false);
  const { client, followUp, names, draft } = page;
  const staff = (id: string) => names[id] ?? id;
  const label = clientName(client, t);

  if (screening) {
    return (
      <Screening
        client={client}
        draft={draft}
        onDone={(signed) => {
          setScreening(false);
          setJustSigned(signed !== undefined);
        }}
      />
    );
  }

  return (
    <section aria-labelledby="wellbeing-title" className="wellbeing">
      <Button variant="link" onPress={onBack}>
        {t('wellbeing.back')}
      </Button>
      <ScreenHeading id="wellbeing-title">{t('wellbeing.title', { who: label.name })}</ScreenHeading>
      {label.detail && <p className="subtle">{label.detail}</p>}
      {justSigned && (
        <p className="notice" role="status">
          {t('wellbeing.signed')}
        </p>
      )}
      <FollowUpNow
        followUp={followUp}
        staff={staff}
        action={
          <Button variant="primary" onPress={() => setScreening(true)}>
            {draft ? t('wellbeing.continueScreening') : t('wellbeing.startScreening')}
          </Button>
        }
      />
      {followUp.screenings.length > 1 && <ScoreTrend screenings={followUp.screenings} />}
      <ActionsSection
        clientId={client.id}
        actions={followUp.actions}
        latestId={followUp.latest?.screening.id}
        staff={staff}
      />
      <LonelinessSigns signs={followUp.signs} staff={staff} />
      <ScreeningHistory screenings={followUp.screenings} staff={staff} />
      <Sources />
    </section>
  );
}
