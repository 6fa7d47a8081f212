import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import type { DrillView } from '../../../../../core/api.ts';
import { Button, Dialog, Section, TextArea, useCall } from '../../../kit/index.ts';

/** Ending the drill with the lessons and actions, after a confirmation (the first end counts). */
export function EndDrill({ view }: { view: DrillView }) {
  const { t } = useTranslation();
  const end = useCall('drills.end');
  const [id] = useState(() => uuidv7());
  const [lessons, setLessons] = useState('');
  const [actions, setActions] = useState('');
  const [confirming, setConfirming] = useState(false);
  const mode = view.state.drill.mode;
  async function confirm() {
    const result = await end.run({ id, drillId: view.state.drill.id, lessons, actions });
    if (result.ok) setConfirming(false);
  }
  return (
    <Section title={t(`drills.endTitle.${mode}`)} className="drill-end no-print">
      <TextArea
        label={t('drills.lessons')}
        value={lessons}
        onChange={setLessons}
        rows={3}
        maxLength={4000}
        error={end.fieldErrors.lessons}
      />
      <TextArea
        label={t('drills.actions')}
        value={actions}
        onChange={setActions}
        rows={3}
        maxLength={4000}
        error={end.fieldErrors.actions}
      />
      <Button variant="danger" onPress={() => setConfirming(true)}>
        {t('drills.end')}
      </Button>
      <Dialog
        isOpen={confirming}
        onOpenChange={setConfirming}
        title={t(`drills.endTitle.${mode}`)}
        role="alertdialog"
        actions={
          <Button variant="danger" onPress={() => void confirm()} isDisabled={end.busy}>
            {t(`drills.endConfirmButton.${mode}`)}
          </Button>
        }
      >
        <p>{t(`drills.endConfirm.${mode}`)}</p>
        {end.message && (
          <p role="alert" className="kit-error">
            {end.message}
          </p>
        )}
      </Dialog>
    </Section>
  );
}
