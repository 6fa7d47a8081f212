/**
 * One client's preparedness: the electricity-dependent aids, and a checklist per type of crisis filled in during a
 * visit and marked as gone through once every item is answered. Each checklist says when it is due again; items a
 * changed template no longer has keep their answers, shown apart.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientPreparedness as Page } from '../../../../core/api.ts';
import type { Hazard } from '../../../../core/preparedness.ts';
import { useWatch } from '../../api/hooks.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { AsyncContent, Button, Section } from '../../kit/index.ts';
import { AidsSection } from './components/AidsSection.tsx';
import { ChecklistForm } from './components/ChecklistForm.tsx';
import { HazardChoice } from './components/HazardChoice.tsx';
import { clientName } from './wording.ts';
import './components/preparedness.css';

export function ClientPreparedness({ clientId, onBack }: { clientId: string; onBack: () => void }) {
  const page = useWatch('preparedness.forClient', { clientId });
  return <AsyncContent result={page}>{(value) => <Prepared page={value} onBack={onBack} />}</AsyncContent>;
}

function Prepared({ page, onBack }: { page: Page; onBack: () => void }) {
  const { t } = useTranslation();
  const [hazard, setHazard] = useState<Hazard>('powerOutage');
  const { client, checklists, aids, names } = page;
  const label = clientName(client, t);
  const checklist = checklists.find((c) => c.hazard === hazard);
  return (
    <section aria-labelledby="preparedness-title" className="preparedness">
      <Button variant="link" onPress={onBack}>
        {t('preparedness.back')}
      </Button>
      <ScreenHeading id="preparedness-title">{t('preparedness.clientTitle', { who: label.name })}</ScreenHeading>
      {label.detail && <p className="subtle">{label.detail}</p>}
      <AidsSection clientId={client.id} aids={aids} />
      <Section title={t('preparedness.checklists')}>
        <HazardChoice checklists={checklists} hazard={hazard} onChoose={setHazard} />
        {checklist && (
          <ChecklistForm
            key={`${hazard}-${checklist.template.version}`}
            clientId={client.id}
            state={checklist}
            names={names}
          />
        )}
      </Section>
    </section>
  );
}
