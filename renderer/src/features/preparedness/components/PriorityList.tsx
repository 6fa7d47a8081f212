/**
 * The priority list for a hazard and villages: who needs the team first on the day, with address, directions, phone,
 * next of kin, access and what each needs — printable (Save as PDF) and as CSV, because on the day the laptop's
 * battery may be flat. The printout says what it is, for which team, when and by whom, and whether it holds codes.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HAZARDS, NEED_ORDER, type Hazard } from '../../../../../core/preparedness.ts';
import { useSession, useWatch } from '../../../api/hooks.tsx';
import { usePrint } from '../../../components/usePrint.ts';
import { formatDateTime } from '../../../format.ts';
import { AsyncContent, Button, Checkbox, CheckboxGroup, DataTable, Select } from '../../../kit/index.ts';
import { fileSlug } from '../wording.ts';
import { priorityColumns, type RankedRow } from './priorityColumns.tsx';
import './preparedness.css';

export function PriorityList({ onOpen }: { onOpen: (clientId: string) => void }) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const [hazard, setHazard] = useState<Hazard>('powerOutage');
  const [villages, setVillages] = useState<string[]>([]);
  const [includeAccess, setIncludeAccess] = useState(false);
  const list = useWatch('preparedness.priority', { hazard, villages });
  const { printedAt, print } = usePrint();
  const columns = useMemo(() => priorityColumns(t, { includeAccess, onOpen }), [t, includeAccess, onOpen]);
  const hazardName = t(`preparedness.hazard.${hazard}`);

  return (
    <>
      <form className="no-print priority-choice" onSubmit={(event) => event.preventDefault()}>
        <Select
          label={t('preparedness.hazardLabel')}
          options={HAZARDS.map((h) => ({ id: h, label: t(`preparedness.hazard.${h}`) }))}
          value={hazard}
          onChange={(value) => value && setHazard(value as Hazard)}
        />
        {list?.ok && (
          <CheckboxGroup
            label={t('preparedness.villages')}
            description={t('preparedness.villagesHelp')}
            options={list.value.villages.map((village) => ({ id: village, label: village }))}
            value={villages}
            onChange={setVillages}
          />
        )}
        <Checkbox
          isSelected={includeAccess}
          onChange={setIncludeAccess}
          description={t('preparedness.includeAccessHelp')}
        >
          {t('preparedness.includeAccess')}
        </Checkbox>
      </form>
      <p className="subtle no-print">
        {t('preparedness.orderRule')} {NEED_ORDER[hazard].map((need) => t(`preparedness.need.${need}`)).join(' → ')}.
      </p>
      <AsyncContent result={list}>
        {(value) => {
          const rows: RankedRow[] = value.rows.map((row, index) => ({ rank: index + 1, row }));
          return (
            <>
              <div className="no-print">
                <Button onPress={print}>{t('preparedness.print')}</Button>
              </div>
              <h2>
                {t('preparedness.listTitle', {
                  hazard: hazardName,
                  villages: villages.length === 0 ? t('preparedness.allVillages') : [...villages].sort().join(', '),
                })}
              </h2>
              <div className="priority-print-head">
                <p>
                  {t('preparedness.printedFor', {
                    team: session?.teamId ?? '',
                    when: formatDateTime(printedAt, i18n.language),
                    who: session?.displayName ?? '',
                  })}
                </p>
                <p>
                  <strong>{includeAccess ? t('preparedness.accessIncluded') : t('preparedness.accessLeftOut')}</strong>
                </p>
              </div>
              <DataTable
                className={includeAccess ? 'priority-table' : 'priority-table priority-without-access'}
                caption={t('preparedness.listCaption')}
                columns={columns}
                rows={rows}
                rowKey={({ row }) => row.client.id}
                emptyText={t('kit.empty')}
                // The file's name is Swedish whatever the screen's language, as the team's other files are.
                csvFilename={`prioriteringslista-${fileSlug(t(`preparedness.hazard.${hazard}`, { lng: 'sv' }))}-${value.today}.csv`}
              />
            </>
          );
        }}
      </AsyncContent>
    </>
  );
}
