import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import type { DrillView } from '../../../../../core/api.ts';
import type { ClientStatus } from '../../../../../core/drills.ts';
import { Button, Select, useCall } from '../../../kit/index.ts';
import { drillClient, personOption } from '../wording.ts';

/**
 * Who contacts a client, shown once (as the chosen value) and changed by choosing and pressing the button — not on
 * every arrow key. Anyone of the team may be brought in mid-drill.
 */
export function Reassign({ view, status }: { view: DrillView; status: ClientStatus }) {
  const { t } = useTranslation();
  const reassign = useCall('drills.reassign');
  const [choice, setChoice] = useState<string | null>(status.workerId ?? null);
  const who = drillClient(view, status.clientId, t).name;
  const options = view.staff.map((person) => personOption(person, t));
  const unchanged = !choice || choice === status.workerId;
  return (
    <div className="drill-reassign">
      <Select
        className="drill-inline-field"
        label={t('drills.contactedByFor', { name: who })}
        options={options}
        value={choice}
        onChange={setChoice}
        placeholder={t('drills.unassigned')}
        error={reassign.message}
      />
      <Button
        isDisabled={unchanged || reassign.busy}
        aria-label={t('drills.moveFor', { name: who })}
        onPress={() => {
          if (!choice || unchanged) return;
          void reassign.run({
            id: uuidv7(),
            drillId: view.state.drill.id,
            clientId: status.clientId,
            workerId: choice,
          });
        }}
      >
        {t('drills.move')}
      </Button>
    </div>
  );
}
